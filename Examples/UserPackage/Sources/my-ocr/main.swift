import OCRPipeline
import OCRPipelineCLI

// The stock command line (run, validate, explain, stages, serve) with one more stage.
var registry = StageRegistry.builtIn
registry.register(ExposureStage.descriptor)
await OCRPipelineCLI.main(registry: registry)
