import FaultStages
import OCRPipeline
import OCRPipelineCLI

/// `ocr-pipeline-faults`: the command line with the `fault` stage, so tests can crash a worker
/// for real (a signal, a memory cap, a hang) and check that only that image is lost.
@main
enum Main {
    static func main() async {
        var registry = StageRegistry.builtIn
        registry.register(FaultStage.descriptor)
        await OCRPipelineCLI.main(registry: registry)
    }
}
