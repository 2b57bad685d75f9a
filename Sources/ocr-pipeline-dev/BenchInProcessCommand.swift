import ArgumentParser
import Foundation
import OCREngines
import OCRPipeline
import Synchronization

/// The server benchmark's baseline: the server's default pipeline called in process, from
/// `concurrency` callers sharing one engine per core, as the server's worker pool does.
struct BenchInProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-inprocess", abstract: "Runs the server's pipeline in process; prints requests per second and latencies as JSON.")

    @Argument var image: String
    @Option var requests = 60
    @Option var concurrency = 1

    func run() async throws {
        // The server's own default pipeline (OCRServer's RecognitionService).
        let pipeline = try Pipeline.load(
            document: [
                "version": 1,
                "stages": [
                    ["type": "decode", "params": ["max_pixels": 100_000_000]], ["type": "orient"], ["type": "reject-gif"], ["type": "tile"],
                    ["type": "recognize", "params": ["engine": "ppocr"]], ["type": "merge"],
                ],
            ], registry: .standard)
        let data = try Data(contentsOf: URL(fileURLWithPath: image))
        let runner = PipelineRunner(pipeline: pipeline)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let pool = Pool((0..<workers).map { WorkerResources(name: "bench-\($0)") })
        // Warm every engine once, as a server that has been running would be.
        for worker in pool.all { _ = await runner.process(data: data, name: "warm", worker: worker) }
        let next = Tickets(requests)
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    while next.take() {
                        let begun = ContinuousClock.now
                        let worker = try await pool.acquire()
                        _ = await runner.process(data: data, name: "bench", worker: worker)
                        pool.release(worker)
                        mine.append((ContinuousClock.now - begun) / .seconds(1))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print(
            JSONValue.object([
                "requests": .int(sorted.count), "seconds": .double(elapsed), "rps": .double(Double(sorted.count) / elapsed),
                "p50_ms": .double(percentile(0.5) * 1000), "p99_ms": .double(percentile(0.99) * 1000),
            ]).serialized())
    }
}

/// Hands out a fixed number of tickets to concurrent benchmark clients.
final class Tickets: Sendable {
    private let left: Mutex<Int>
    init(_ count: Int) { left = Mutex(count) }
    func take() -> Bool {
        left.withLock { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }
}

/// Free workers, handed out in order of asking.
final class Pool: Sendable {
    let all: [WorkerResources]
    private let free: Mutex<[WorkerResources]>
    private let available: AsyncSemaphore

    init(_ workers: [WorkerResources]) {
        all = workers
        free = Mutex(workers)
        available = AsyncSemaphore(capacity: workers.count)
    }

    func acquire() async throws -> WorkerResources {
        try await available.acquire()
        return free.withLock { $0.removeLast() }
    }

    func release(_ worker: WorkerResources) {
        free.withLock { $0.append(worker) }
        available.release()
    }
}
