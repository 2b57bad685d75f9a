import Foundation
import Synchronization

/// Watches the worker while it holds one image and kills it past its memory cap or its time
/// bound. It polls on a thread of its own: neither a busy cooperative pool (many images at once
/// on few cores) nor Dispatch's global queues (as wide as the cores, and blind to blocked
/// threads on Linux) can delay it while the worker's memory keeps growing.
final class WorkerWatchdog: Sendable {
    /// Why the watchdog stopped the worker.
    enum Stop: Sendable { case memory, timeout }

    private struct State {
        var stopped: Stop?
        var stage: String?
        var watching = true
    }

    private let state = Mutex(State())
    private let child: WorkerChild
    private let memoryLimit: Int
    private let deadline: ContinuousClock.Instant

    /// Starts watching `child` at once; call ``cancel()`` when its answer has arrived.
    init(child: WorkerChild, memoryLimit: Int, timeout: Duration) {
        self.child = child
        self.memoryLimit = memoryLimit
        deadline = ContinuousClock.now.advanced(by: timeout)
        let thread = Thread { self.watch() }
        thread.name = "worker-watchdog"
        thread.start()
    }

    /// Stops watching.
    func cancel() { state.withLock { $0.watching = false } }

    /// What the watchdog stopped the worker for, if it did.
    var reason: Stop? { state.withLock { $0.stopped } }

    /// The stage the worker last reported starting.
    var currentStage: String? {
        get { state.withLock { $0.stage } }
        set { state.withLock { $0.stage = newValue } }
    }

    private func watch() {
        while state.withLock({ $0.watching }) {
            // Memory first: a worker starved of the CPU until its deadline may also be over its cap.
            if let resident = child.residentBytes, resident > memoryLimit {
                return stop(.memory)
            }
            if ContinuousClock.now >= deadline { return stop(.timeout) }
            Thread.sleep(forTimeInterval: 0.025)
        }
    }

    private func stop(_ why: Stop) {
        let first = state.withLock { state in
            guard state.watching, state.stopped == nil else { return false }
            state.stopped = why
            state.watching = false
            return true
        }
        if first { child.kill() }
    }
}
