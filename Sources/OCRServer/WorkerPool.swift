import OCRPipeline
import Synchronization

/// A fixed set of workers (each with its own engines, in process or in a worker process of its
/// own) shared by all requests. A request waits for a free worker in a bounded queue; past the
/// queue's capacity it is refused at once, so a burst costs a fast "too frequent" answer
/// instead of memory.
final class WorkerPool: Sendable {
    private let idle: Mutex<[any ImageProcessor]>
    private let free: AsyncSemaphore
    private let queueCapacity: Int

    init(processors: [any ImageProcessor], queueCapacity: Int) {
        idle = Mutex(processors)
        free = AsyncSemaphore(capacity: processors.count)
        self.queueCapacity = queueCapacity
    }

    /// Requests being recognised.
    var busy: Int { free.capacity - free.available }
    /// Requests waiting for a worker.
    var queued: Int { free.waiting }

    /// Runs `body` on a worker, waiting at most until `deadline` for one to be free.
    func withWorker<T: Sendable>(deadline: ContinuousClock.Instant, _ body: @Sendable (any ImageProcessor) async throws -> T) async throws -> T {
        if !free.tryAcquire() {
            guard free.waiting < queueCapacity else { throw RequestFailure.busy }
            do {
                try await free.acquire(deadline: deadline)
            } catch is AsyncSemaphore.TimedOut {
                throw RequestFailure.internalError("request deadline passed while waiting for a worker; retry later")
            }
        }
        let worker = idle.withLock { $0.removeLast() }
        defer {
            idle.withLock { $0.append(worker) }
            free.release()
        }
        return try await body(worker)
    }

    /// Stops every idle worker's process.
    func shutDown() async {
        for worker in idle.withLock({ $0 }) { await worker.shutDown() }
    }
}
