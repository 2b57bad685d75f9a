import OCRPipeline

extension StageRegistry {
    /// Adds the `ppocr` engine as the `recognize` stage's default and the `orient` stage (after
    /// `decode`), which need ONNX Runtime and PP-OCR's models
    /// (`scripts/install-ppocr.sh`).
    public mutating func registerPaddleOCR() {
        register(engine: PPOCRRecognizer.descriptor, asDefault: true)
        register(OrientStage.descriptor, after: "decode")
    }
}
