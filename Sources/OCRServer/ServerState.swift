import Synchronization

/// What the server is doing, for `/readyz` and for draining: whether its workers have loaded
/// their engines, whether it is shutting down, and how many requests it is answering.
final class ServerState: Sendable {
    /// Whether the server takes requests, and if not, why.
    struct Readiness: Sendable {
        var status: String
        var reason: String?
        var isReady: Bool { status == "ready" }
    }

    private struct Stored {
        var warmUp: Result<Void, WarmUpFailure>?
        var draining = false
        var inFlight = 0
    }

    private struct WarmUpFailure: Error { var reason: String }

    private let stored = Mutex(Stored())

    var readiness: Readiness {
        stored.withLock { stored in
            if stored.draining { return Readiness(status: "draining", reason: "the server is shutting down") }
            switch stored.warmUp {
            case nil: return Readiness(status: "starting", reason: "the workers are loading their engines")
            case .failure(let failure): return Readiness(status: "failing", reason: failure.reason)
            case .success: return Readiness(status: "ready")
            }
        }
    }

    var isDraining: Bool { stored.withLock { $0.draining } }
    var inFlight: Int { stored.withLock { $0.inFlight } }

    func warmedUp(failure: String?) { stored.withLock { $0.warmUp = failure.map { .failure(WarmUpFailure(reason: $0)) } ?? .success(()) } }
    func startDraining() { stored.withLock { $0.draining = true } }
    func requestStarted() { stored.withLock { $0.inFlight += 1 } }
    func requestFinished() { stored.withLock { $0.inFlight -= 1 } }
}
