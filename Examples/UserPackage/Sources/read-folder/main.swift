import OCREngines  // StageRegistry.standard: the core's stages and every engine
import OCRPipeline

let pipeline = try Pipeline.load(contentsOf: "pipeline.json", registry: .standard)  // or Pipeline.load(document: [...], registry: .standard)

// One image (a worker keeps its engine between images: reuse it):
let worker = WorkerResources()
let result = await PipelineRunner(pipeline: pipeline).process(file: "photo.jpg", worker: worker)
switch result.outcome {
case .done: for item in result.items { print(item.itemstring, item.itemcoord) }
case .failed(let failure): print(failure.code, failure.message)  // the typed error: failure.underlying
}

// A folder, observing progress:
let runner = BatchRunner(pipeline: pipeline, input: "img", output: "out")
let summary = try await runner.run { event in
    if case .imageFinished(let rel, let status, _, _, _) = event { print(rel, status) }
}
print(summary.succeeded, summary.failed, summary.outcome)  // outcome: succeeded, someFailed, stopped, interrupted
