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
