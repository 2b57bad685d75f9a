import OCRPipeline

extension StageRegistry {
    /// Adds the `tesseract` engine, which needs libtesseract and its language data.
    public mutating func registerTesseract() {
        register(engine: TesseractRecognizer.descriptor)
    }
}
