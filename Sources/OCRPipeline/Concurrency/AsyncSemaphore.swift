import Synchronization

/// A counting semaphore for async code: `acquire` waits, first come first served, until its
/// units are free; a waiter whose task is cancelled, or whose deadline passes, stops waiting
/// and throws. One type behind every queue of this project (the batch's memory gate, the
/// server's worker pool, the request pacer, the benchmark's pool).
///
/// Hand-written: neither the standard library nor swift-async-algorithms has one.
public final class AsyncSemaphore: Sendable {
    /// The deadline passed before the units were free.
    public struct TimedOut: Error {}

    private struct Waiter {
        let id: UInt64
        let units: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    /// The units there are in all.
    public let capacity: Int
    private let state: Mutex<State>

    /// A semaphore of `capacity` units, `available` of them free at first (all by default; none
    /// makes it a counter of things produced, each `release` announcing one).
    public init(capacity: Int, available: Int? = nil) {
        self.capacity = max(1, capacity)
        state = Mutex(State(available: min(max(0, available ?? capacity), max(1, capacity))))
    }

    /// Waiters in line.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// Units free now.
    public var available: Int { state.withLock { $0.available } }

    /// Takes `units` (at most the capacity: more would never be free) if no one waits before
    /// them and they are free now.
    public func tryAcquire(_ units: Int = 1) -> Bool {
        let units = min(units, capacity)
        return state.withLock { state in
            guard state.waiters.isEmpty, state.available >= units else { return false }
            state.available -= units
            return true
        }
    }

    /// Waits for `units` (at most the capacity), in order of arrival. Throws
    /// `CancellationError` when the task is cancelled, ``TimedOut`` when `deadline` passes.
    public func acquire(_ units: Int = 1, deadline: ContinuousClock.Instant? = nil) async throws {
        let units = min(units, capacity)
        let id: UInt64 = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try await Task.sleep(until: deadline, clock: .continuous)
                self?.abandon(id, with: TimedOut())
            }
        }
        defer { timer?.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if Task.isCancelled { return false }
                    if state.waiters.isEmpty && state.available >= units {
                        state.available -= units
                        return true
                    }
                    state.waiters.append(Waiter(id: id, units: units, continuation: continuation))
                    return false
                }
                if resumeNow {
                    continuation.resume()
                } else if Task.isCancelled, state.withLock({ state in !state.waiters.contains { $0.id == id } }) {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            abandon(id, with: CancellationError())
        }
    }

    /// Gives `units` back (at most the capacity, as acquired) and wakes the waiters they let in.
    public func release(_ units: Int = 1) {
        let woken: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            state.available = min(capacity, state.available.addingReportingOverflow(min(units, capacity)).partialValue)
            var woken: [CheckedContinuation<Void, any Error>] = []
            while let first = state.waiters.first, first.units <= state.available {
                state.waiters.removeFirst()
                state.available -= first.units
                woken.append(first.continuation)
            }
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    /// Takes a waiter out of the line, failing it with `error`; nothing when it was served.
    private func abandon(_ id: UInt64, with error: any Error) {
        let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index).continuation
        }
        continuation?.resume(throwing: error)
        // A waiter that left may have been the one holding back those behind it.
        release(0)
    }
}
