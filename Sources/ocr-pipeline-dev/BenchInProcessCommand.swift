import ArgumentParser
import Foundation
import OCRPipeline

/// The server benchmark's baseline: the server's default pipeline called in process, from
/// `concurrency` callers sharing one engine per core, as the server's worker pool does.
struct BenchInProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-inprocess", abstract: "Runs the server's pipeline in process; prints requests per second and latencies as JSON.")

    @Argument var image: String
    @Option var requests = 60
    @Option var concurrency = 1

    func run() async throws {
        let pipeline = try Pipeline.load(document: ["version": 1, "stages": [
            ["type": "decode", "params": ["max_pixels": 100_000_000]], ["type": "reject-gif"], ["type": "tile"],
            ["type": "recognize", "params": ["engine": "tesseract"]], ["type": "merge"],
        ]])
        let data = try Data(contentsOf: URL(fileURLWithPath: image))
        let runner = PipelineRunner(pipeline: pipeline)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let pool = Pool((0..<workers).map { WorkerResources(name: "bench-\($0)") })
        // Warm every engine once, as a server that has been running would be.
        for worker in pool.all { _ = await withTaskExecutorPreference(worker.thread) { await runner.process(data: data, name: "warm", worker: worker) } }
        let next = Tickets(requests)
        let start = ContinuousClock.now
        let latencies = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    while next.take() {
                        let begun = ContinuousClock.now
                        let worker = await pool.acquire()
                        _ = await withTaskExecutorPreference(worker.thread) { await runner.process(data: data, name: "bench", worker: worker) }
                        await pool.release(worker)
                        mine.append((ContinuousClock.now - begun).seconds)
                    }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print(JSONValue.object(["requests": .int(sorted.count), "seconds": .double(elapsed), "rps": .double(Double(sorted.count) / elapsed),
                                "p50_ms": .double(percentile(0.5) * 1000), "p99_ms": .double(percentile(0.99) * 1000)]).serialized())
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Hands out a fixed number of tickets to concurrent benchmark clients.
final class Tickets: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int
    init(_ count: Int) { left = count }
    func take() -> Bool { lock.withLock { if left > 0 { left -= 1; return true }; return false } }
}

/// Free workers, waited for in order.
actor Pool {
    let all: [WorkerResources]
    private var free: [WorkerResources]
    private var waiting: [CheckedContinuation<WorkerResources, Never>] = []
    init(_ workers: [WorkerResources]) { all = workers; free = workers }
    func acquire() async -> WorkerResources {
        if let worker = free.popLast() { return worker }
        return await withCheckedContinuation { waiting.append($0) }
    }
    func release(_ worker: WorkerResources) {
        if waiting.isEmpty { free.append(worker) } else { waiting.removeFirst().resume(returning: worker) }
    }
}
