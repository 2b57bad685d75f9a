import Foundation
@testable import OCRPipeline

/// A pipeline made of these stage values, bypassing the file format.
func pipeline(_ stages: [any Stage]) -> Pipeline {
    Pipeline(steps: stages.enumerated().map { index, stage in
                 Pipeline.Step(type: String(describing: type(of: stage)), path: "stages[\(index)]", parameters: StageParameters([:]), stage: stage, explain: .run)
             },
             fingerprint: "test", redactor: Redactor(), resolvedDescription: .null)
}

/// Runs stages on one in-memory image exactly as the runner does, returning the final job.
func runStages(_ stages: [any Stage], on data: Data, name: String = "test.jpg") async throws -> Job {
    var job = Job(path: name, data: data)
    let context = StageContext(worker: WorkerResources())
    for stage in stages {
        job.beginRecord(for: String(describing: type(of: stage)))
        try await stage.process(&job, context: context)
    }
    return job
}

/// The result of running stages through ``PipelineRunner`` (errors become typed failures).
func result(_ stages: [any Stage], on data: Data, name: String = "test.jpg") async -> JobResult {
    await PipelineRunner(pipeline: pipeline(stages)).process(data: data, name: name)
}

/// Collects values from concurrent callbacks.
final class Recorder<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []
    func append(_ value: Value) { lock.withLock { stored.append(value) } }
    var values: [Value] { lock.withLock { stored } }
}
