import Foundation

/// A thread of its own for one worker's jobs, usable as a task executor.
///
/// Recognition and image codecs are long synchronous C calls. Run on Swift's shared
/// cooperative pool (one thread per core) they would hold every thread, starving unrelated
/// tasks — a server's request handling, a test's client. A worker's stages therefore run here,
/// via `withTaskExecutorPreference`, and the shared pool stays free.
public final class WorkerThread: TaskExecutor, @unchecked Sendable {
    /// The job queue, shared with the thread (which outlives nothing: it ends once the
    /// executor is gone and the queue is empty).
    private final class Queue: @unchecked Sendable {
        let condition = NSCondition()
        var jobs: [UnownedJob] = []
        var stopping = false
        var executor: UnownedTaskExecutor?

        func run() {
            while true {
                condition.lock()
                while jobs.isEmpty && !stopping { condition.wait() }
                guard !jobs.isEmpty, let executor else { condition.unlock(); return }
                let job = jobs.removeFirst()
                condition.unlock()
                job.runSynchronously(on: executor)
            }
        }
    }

    private let queue = Queue()

    public init(name: String) {
        let queue = self.queue
        let thread = Thread { queue.run() }
        thread.name = name
        thread.stackSize = 16 << 20  // Tesseract's recursion on large pages needs more than the default
        queue.executor = asUnownedTaskExecutor()
        thread.start()
    }

    deinit {
        queue.condition.lock()
        queue.stopping = true
        queue.condition.signal()
        queue.condition.unlock()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.condition.lock()
        queue.jobs.append(job)
        queue.condition.signal()
        queue.condition.unlock()
    }
}
