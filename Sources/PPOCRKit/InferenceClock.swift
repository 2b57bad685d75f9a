import Foundation
import Synchronization

/// Time spent inside ONNX Runtime's `Run`, summed over the model runs made while it is bound to
/// ``current`` — so a caller can say how much of a recognition was inference and how much was
/// its own pre- and post-processing.
public final class InferenceClock: Sendable {
    @TaskLocal public static var current: InferenceClock?

    private let state = Mutex<(total: Duration, runs: Int)>((.zero, 0))

    public init() {}

    /// Seconds inside `Run` so far.
    public var seconds: Double { state.withLock { $0.total / .seconds(1) } }

    /// Model runs so far.
    public var runs: Int { state.withLock { $0.runs } }

    func add(_ duration: Duration) {
        state.withLock {
            $0.total += duration
            $0.runs += 1
        }
    }
}
