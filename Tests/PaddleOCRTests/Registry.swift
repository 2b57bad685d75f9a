import OCRPipeline
import PaddleOCR

extension StageRegistry {
    /// The core's stages with `ppocr` and `orient`.
    static var withPaddleOCR: StageRegistry {
        var registry = StageRegistry.builtIn
        registry.registerPaddleOCR()
        return registry
    }
}
