import Foundation

/// Paces every request of a run, shared by all workers: at most `maxInFlight` at once and at
/// most `rate` per second (a token bucket). When the service says "too frequent" (15), the
/// rate is halved for everyone; successes raise it again step by step up to the configured one.
actor RequestPacer {
    private let maximumRate: Double
    private(set) var rate: Double
    private let maxInFlight: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var nextSlot = ContinuousClock.now

    init(rate: Double, maxInFlight: Int) {
        maximumRate = rate
        self.rate = rate
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Waits for a slot in flight and for the rate, then counts the request as started.
    func begin() async {
        if inFlight >= maxInFlight {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            inFlight += 1
        }
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + .seconds(1 / rate)
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }

    func end() {
        if waiting.isEmpty { inFlight -= 1 } else { waiting.removeFirst().resume() }
    }

    /// The service is rate limiting: everyone slows down.
    func slowDown() { rate = max(0.2, rate / 2) }

    /// A success: creep back towards the configured rate.
    func recovered() { rate = min(maximumRate, rate + maximumRate / 20) }
}
