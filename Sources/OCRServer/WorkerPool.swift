import OCRPipeline

/// A fixed set of workers (each with its own engines, in process or in a worker process of its
/// own) shared by all requests. A request waits
/// for a free worker in a bounded queue; past the queue's capacity it is refused at once, so a
/// burst costs a fast "too frequent" answer instead of memory.
actor WorkerPool {
    private var idle: [any ImageProcessor]
    private let queueCapacity: Int
    private var waiting: [(id: Int, resume: CheckedContinuation<any ImageProcessor, any Error>)] = []
    private var nextID = 0
    private(set) var busy = 0

    init(processors: [any ImageProcessor], queueCapacity: Int) {
        idle = processors
        self.queueCapacity = queueCapacity
    }

    var queued: Int { waiting.count }

    /// Runs `body` on a worker, waiting at most until `deadline` for one to be free.
    func withWorker<T: Sendable>(deadline: ContinuousClock.Instant, _ body: @Sendable (any ImageProcessor) async throws -> T) async throws -> T {
        let worker = try await acquire(deadline: deadline)
        defer { release(worker) }
        return try await body(worker)
    }

    /// Stops every idle worker's process.
    func shutDown() async {
        for worker in idle { await worker.shutDown() }
    }

    private func acquire(deadline: ContinuousClock.Instant) async throws -> any ImageProcessor {
        if let worker = idle.popLast() {
            busy += 1
            return worker
        }
        guard waiting.count < queueCapacity else {
            throw RequestFailure.busy
        }
        let id = nextID
        nextID += 1
        let timeout = Task { [weak self] in
            try await Task.sleep(until: deadline, clock: .continuous)
            await self?.expire(id)
        }
        defer { timeout.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiting.append((id, $0)) }
        } onCancel: {
            Task { await self.expire(id) }
        }
    }

    private func expire(_ id: Int) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).resume.resume(throwing: RequestFailure.internalError("request deadline passed while waiting for a worker; retry later"))
    }

    private func release(_ worker: any ImageProcessor) {
        if waiting.isEmpty {
            busy -= 1
            idle.append(worker)
        } else {
            waiting.removeFirst().resume.resume(returning: worker)
        }
    }
}
