import Foundation

/// A recognition engine could not be used or failed on a view.
public enum EngineError: DescribedError {
    case unavailable(engine: String, detail: String)
    case failed(engine: String, detail: String)

    public var kind: FailureKind { .recognition }

    public var code: String {
        switch self {
        case .unavailable: "engine_unavailable"
        case .failed: "recognition_failed"
        }
    }
    public var summary: String {
        switch self {
        case .unavailable(let engine, let detail): "the \(engine) engine cannot start: \(detail)"
        case .failed(let engine, let detail): "the \(engine) engine failed: \(detail)"
        }
    }
    public var remedy: String {
        switch self {
        case .unavailable: "install the engine's data (scripts/install-deps.sh) or fix the recognize stage's parameters"
        case .failed: "retry; if it fails again, try another psm or a tile stage for very large images"
        }
    }
}
