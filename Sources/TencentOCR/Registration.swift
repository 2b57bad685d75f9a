import OCRPipeline

extension StageRegistry {
    /// Adds the engines that call Tencent Cloud's OCR: `tencent-v3` (API 3.0) and `tencent`
    /// (the legacy API).
    public mutating func registerTencentEngines() {
        if engines.contains(where: { $0.name == TencentCloudEngine.descriptor.name }) { return }
        register(engine: TencentCloudEngine.descriptor)
        register(engine: TencentEngine.descriptor)
    }
}
