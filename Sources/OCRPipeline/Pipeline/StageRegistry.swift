/// The stage types a pipeline file may use, by `type` name. Built-in stages and plugins
/// register the same way.
public struct StageRegistry: Sendable {
    public private(set) var descriptors: [StageDescriptor] = []
    /// The engines the `recognize` stage can use; the first is its default.
    public private(set) var engines: [EngineDescriptor] = []

    public init() {}

    /// The stages and the local engines that ship with the library (the Tencent engines come
    /// with the `TencentOCR` module: `registerTencentEngines()`).
    public static var builtIn: StageRegistry {
        var registry = StageRegistry()
        registry.register(engine: PPOCRRecognizer.descriptor)  // the first is the default
        registry.register(engine: TesseractRecognizer.descriptor)
        registry.register(engine: ExecEngine.descriptor)
        for descriptor in [
            DecodeStage.descriptor, OrientStage.descriptor, RejectGIFStage.descriptor, TileStage.descriptor, FitStage.descriptor,
            RecognizeStage.descriptor(engines: registry.engines), MergeStage.descriptor, ExecStage.descriptor, WriteStage.descriptor,
        ] {
            registry.register(descriptor)
        }
        return registry
    }

    /// Adds a recognition engine (replacing one of the same name) and refreshes the
    /// `recognize` stage so its `engine` parameter and engine parameters include it.
    public mutating func register(engine: EngineDescriptor) {
        engines.removeAll { $0.name == engine.name }
        engines.append(engine)
        if descriptor(for: "recognize") != nil { register(RecognizeStage.descriptor(engines: engines)) }
    }

    /// Adds a stage type, replacing any registered under the same name.
    public mutating func register(_ descriptor: StageDescriptor) {
        if let index = descriptors.firstIndex(where: { $0.type == descriptor.type }) {
            descriptors[index] = descriptor
        } else {
            descriptors.append(descriptor)
        }
    }

    public func descriptor(for type: String) -> StageDescriptor? {
        descriptors.first { $0.type == type }
    }

    public var typeNames: [String] { descriptors.map(\.type) }
}
