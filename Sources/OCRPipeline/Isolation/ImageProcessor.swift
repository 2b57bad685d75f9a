import Foundation

/// What an image to process is given as.
public enum JobInput: Sendable {
    /// A file, read by whoever processes it.
    case file(path: String)
    /// Bytes already in memory (a server's request body).
    case data(Data)
}

/// Runs a pipeline on one image at a time: in the calling process (``InProcessProcessor``) or
/// in a supervised worker process (``IsolatedProcessor``), so that a crash in a native library
/// costs one image. The batch runner and the server hold one per worker.
public protocol ImageProcessor: AnyObject, Sendable {
    /// Processes one image; `name` is how messages and results call it. Never throws: every
    /// failure, a worker's death included, comes back as a failed result.
    func process(_ input: JobInput, name: String, log: @escaping @Sendable (String) -> Void) async -> JobResult

    /// Stops whatever the processor holds (a worker process); it may be used again afterwards.
    func shutDown() async
}

/// Processes images on a worker thread of the calling process (the library's default, and
/// `--in-process` for debugging). A crash in a native library ends the process.
public final class InProcessProcessor: ImageProcessor {
    private let runner: PipelineRunner
    private let worker: WorkerResources
    private let gate: MemoryGate?

    /// `gate` bounds the pixels decoded at once across all processors sharing it.
    public init(pipeline: Pipeline, name: String = "ocr-worker", gate: MemoryGate? = nil) {
        runner = PipelineRunner(pipeline: pipeline)
        worker = WorkerResources(name: name)
        self.gate = gate
    }

    public func process(_ input: JobInput, name: String, log: @escaping @Sendable (String) -> Void) async -> JobResult {
        let reservation = MemoryReservation(gate: gate)
        let result =
            switch input {
            case .file(let path): await runner.process(file: path, name: name, worker: worker, memory: reservation, log: log)
            case .data(let data): await runner.process(data: data, name: name, worker: worker, memory: reservation, log: log)
            }
        reservation.releaseAll()
        return result
    }

    public func shutDown() async {}
}

/// Where images are processed, for the batch runner and the server.
public enum Isolation: Sendable {
    /// On threads of the calling process.
    case inProcess
    /// In supervised worker processes, one per concurrent image.
    case workerProcesses(WorkerProcessOptions)

    /// Makes the processor for worker `index` of `count` running at once; `gate` bounds the
    /// pixels in-process workers decode at once.
    public func makeProcessor(pipeline: Pipeline, index: Int, count: Int, gate: MemoryGate?) -> any ImageProcessor {
        switch self {
        case .inProcess:
            InProcessProcessor(pipeline: pipeline, name: "ocr-worker-\(index + 1)", gate: gate)
        case .workerProcesses(let options):
            IsolatedProcessor(pipeline: pipeline, options: options, processShare: count)
        }
    }
}
