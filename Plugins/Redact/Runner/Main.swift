import OCRPipeline
import OCRPipelineCLI
import RedactPlugin

/// `ocr-pipeline-redact`: the ocr-pipeline command line with the redact stage added. Every verb
/// (run, validate, stages, explain, serve) sees it.
@main
enum Main {
    static func main() async {
        var registry = StageRegistry.builtIn
        registry.register(RedactStage.descriptor)
        await OCRPipelineCLI.main(registry: registry)
    }
}
