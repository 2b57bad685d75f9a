import ArgumentParser
import Foundation
import OCRPipeline

/// How `run` and `serve` isolate native decoding and recognition from the supervising process.
struct IsolationOptions: ParsableArguments {
    @Flag(help: "Process images on threads of this process instead of worker processes (for debugging: a crash in a native library then ends the whole run).")
    var inProcess = false
    @Option(
        help:
            "Resident memory one worker process may use, in MB, before its image fails with memory_limit (default: half the machine's memory shared by the workers, 1024–4096 each)."
    )
    var maxWorkerMemory: Int?
    @Option(help: "Seconds one image may take before its worker is stopped and the image fails with timed_out.")
    var imageTimeout: Double = 300

    /// The isolation for `workers` concurrent images.
    func isolation(workers: Int) throws -> Isolation {
        if inProcess { return .inProcess }
        guard imageTimeout > 0 else { throw ValidationError("--image-timeout must be more than 0 seconds") }
        if let maxWorkerMemory, maxWorkerMemory < 64 { throw ValidationError("--max-worker-memory must be at least 64 (MB)") }
        return .workerProcesses(
            WorkerProcessOptions(
                arguments: [WorkerCommand.configuration.commandName!],
                memoryLimit: maxWorkerMemory.map { $0 << 20 } ?? WorkerProcessOptions.defaultMemoryLimit(workers: workers),
                imageTimeout: .milliseconds(Int(imageTimeout * 1000))))
    }
}
