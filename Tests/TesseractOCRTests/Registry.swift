import OCRPipeline
import TesseractOCR

extension StageRegistry {
    /// The core's stages with `tesseract`.
    static var withTesseract: StageRegistry {
        var registry = StageRegistry.builtIn
        registry.registerTesseract()
        return registry
    }
}
