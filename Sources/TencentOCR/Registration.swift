import OCRPipeline

extension StageRegistry {
    /// Adds the engines that call Tencent Cloud's OCR: `tencent-v3` (API 3.0) and `tencent`
    /// (the legacy API). The command line (`OCRPipelineCLI`) adds them to every registry it runs.
    public mutating func registerTencentEngines() {
        if engines.contains(where: { $0.name == TencentCloudEngine.descriptor.name }) { return }
        register(engine: TencentCloudEngine.descriptor)
        register(engine: TencentEngine.descriptor)
    }

    /// The library's stages and engines with the Tencent engines.
    public static var withTencentEngines: StageRegistry {
        var registry = StageRegistry.builtIn
        registry.registerTencentEngines()
        return registry
    }
}
