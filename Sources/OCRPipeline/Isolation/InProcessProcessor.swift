import DocumentKit
import Foundation

/// Processes images and pages on a worker thread of the calling process (the library's
/// default, and `--in-process` for debugging). A crash in a native library ends the process.
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

    public func plan(_ input: JobInput, name: String) async -> Result<DocumentPlan?, JobResult.Failure> {
        await runner.plan(input, name: name, worker: worker)
    }

    public func process(_ input: JobInput, name: String, page: Int?, using pipeline: Pipeline?, log: @escaping @Sendable (String) -> Void) async -> JobResult {
        let reservation = MemoryReservation(gate: gate)
        defer { reservation.releaseAll() }
        let runner = pipeline.map { PipelineRunner(pipeline: $0) } ?? runner
        return await runner.processPage(input, name: name, page: page, worker: worker, memory: reservation, log: log)
    }

    public func writeSearchablePDF(of input: JobInput, name: String, layers: [Int: [TextLayerLine]], to path: String) async -> JobResult.Failure? {
        await runner.writeSearchablePDF(of: input, name: name, layers: layers, to: path, worker: worker)
    }

    public func shutDown() async {}
}
