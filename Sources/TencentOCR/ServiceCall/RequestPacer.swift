import Foundation
import OCRPipeline
import Synchronization

/// Paces every request of a run, shared by all workers: at most `maxInFlight` at once and at
/// most `rate` per second (a token bucket). When the service says "too frequent", the rate is
/// halved for everyone; successes raise it again step by step up to the configured one.
final class RequestPacer: Sendable {
    private struct Schedule {
        var rate: Double
        var nextSlot = ContinuousClock.now
    }

    private let maximumRate: Double
    private let inFlight: AsyncSemaphore
    private let schedule: Mutex<Schedule>

    init(rate: Double, maxInFlight: Int) {
        maximumRate = rate
        inFlight = AsyncSemaphore(capacity: maxInFlight)
        schedule = Mutex(Schedule(rate: rate))
    }

    /// The rate in force, requests per second.
    var rate: Double { schedule.withLock { $0.rate } }

    /// Waits for a slot in flight and for the rate, then counts the request as started.
    func begin() async throws {
        try await inFlight.acquire()
        let slot = schedule.withLock { schedule in
            let slot = max(ContinuousClock.now, schedule.nextSlot)
            schedule.nextSlot = slot + .seconds(1 / schedule.rate)
            return slot
        }
        do {
            try await Task.sleep(until: slot, clock: .continuous)
        } catch {
            inFlight.release()
            throw error
        }
    }

    func end() { inFlight.release() }

    /// The service is rate limiting: everyone slows down.
    func slowDown() { schedule.withLock { $0.rate = max(0.2, $0.rate / 2) } }

    /// A success: creep back towards the configured rate.
    func recovered() { schedule.withLock { $0.rate = min(maximumRate, $0.rate + maximumRate / 20) } }
}
