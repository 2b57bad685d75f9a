import Foundation
import Synchronization

/// Time spent inside ONNX Runtime's `Run`, per model, summed over the model runs made while it is
/// bound to ``current`` — so a caller can say how much of a recognition was inference (and in
/// which model) and how much was its own pre- and post-processing.
public final class InferenceClock: Sendable {
    @TaskLocal public static var current: InferenceClock?

    /// One model's share: its runs and their time.
    public struct ModelTime: Sendable, Equatable {
        public var model: String
        public var seconds: Double
        public var runs: Int
    }

    private let state = Mutex<[ModelTime]>([])

    public init() {}

    /// Seconds inside `Run` so far, every model together.
    public var seconds: Double { state.withLock { $0.reduce(0) { $0 + $1.seconds } } }

    /// Model runs so far.
    public var runs: Int { state.withLock { $0.reduce(0) { $0 + $1.runs } } }

    /// Each model's time, in the order the models first ran.
    public var byModel: [ModelTime] { state.withLock { $0 } }

    func add(_ duration: Duration, model: String) {
        state.withLock { models in
            let seconds = duration / .seconds(1)
            if let index = models.firstIndex(where: { $0.model == model }) {
                models[index].seconds += seconds
                models[index].runs += 1
            } else {
                models.append(ModelTime(model: model, seconds: seconds, runs: 1))
            }
        }
    }
}
