import OCRPipeline
import PaddleOCR
import TencentOCR
import TesseractOCR

extension StageRegistry {
    /// The core's stages with every engine that ships with ocr-pipeline: `ppocr` (the default)
    /// and `orient`, `tesseract`, `exec`, `tencent-v3` and `tencent`. What the command line and
    /// `serve` use; a program that wants fewer engines (and fewer libraries) starts from
    /// ``StageRegistry/builtIn`` and registers what it needs.
    public static var standard: StageRegistry {
        var registry = StageRegistry.builtIn
        registry.registerPaddleOCR()
        registry.registerTesseract()
        registry.registerTencentEngines()
        return registry
    }
}
