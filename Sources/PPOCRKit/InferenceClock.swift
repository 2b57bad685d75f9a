import Foundation

/// Time spent inside ONNX Runtime's `Run`, summed over the model runs made while it is bound to
/// ``current`` — so a caller can say how much of a recognition was inference and how much was
/// its own pre- and post-processing.
public final class InferenceClock: @unchecked Sendable {
    @TaskLocal public static var current: InferenceClock?

    private let lock = NSLock()
    private var total: Duration = .zero
    private var count = 0

    public init() {}

    /// Seconds inside `Run` so far.
    public var seconds: Double {
        lock.withLock { total / .seconds(1) }
    }

    /// Model runs so far.
    public var runs: Int { lock.withLock { count } }

    func add(_ duration: Duration) {
        lock.withLock {
            total += duration
            count += 1
        }
    }
}
