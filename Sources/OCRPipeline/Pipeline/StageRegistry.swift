/// The stage types a pipeline file may use, by `type` name. Built-in stages and plugins
/// register the same way.
public struct StageRegistry: Sendable {
    public private(set) var descriptors: [StageDescriptor] = []
    /// The engines the `recognize` stage can use; the first is its default.
    public private(set) var engines: [EngineDescriptor] = []

    public init() {}

    /// The core's stages and the `exec` engine, which link no engine library. The engines
    /// are modules of their own: `PaddleOCR` (`ppocr`, `orient`), `TesseractOCR`, `TencentOCR`;
    /// `OCREngines`' `StageRegistry.standard` has them all, as the command line does.
    public static var builtIn: StageRegistry {
        var registry = StageRegistry()
        registry.register(engine: ExecEngine.descriptor)
        for descriptor in [
            DecodeStage.descriptor, RejectGIFStage.descriptor, TileStage.descriptor, FitStage.descriptor,
            RecognizeStage.descriptor(engines: registry.engines), MergeStage.descriptor, ExecStage.descriptor, WriteStage.descriptor,
        ] {
            registry.register(descriptor)
        }
        return registry
    }

    /// Adds `other`'s engines and stage types to this registry (replacing those of the same
    /// name), keeping this registry's engines first.
    public mutating func merge(_ other: StageRegistry) {
        for engine in other.engines { register(engine: engine) }
        for descriptor in other.descriptors where descriptor.type != RecognizeStage.type { register(descriptor) }
        if descriptor(for: RecognizeStage.type) == nil { register(RecognizeStage.descriptor(engines: engines)) }
    }

    /// Adds a recognition engine, last or, `asDefault`, first (the `recognize` stage's default),
    /// or replaces the one of the same name in its place; then refreshes the `recognize` stage so
    /// its `engine` parameter and engine parameters include it.
    public mutating func register(engine: EngineDescriptor, asDefault: Bool = false) {
        if !asDefault, let index = engines.firstIndex(where: { $0.name == engine.name }) {
            engines[index] = engine
        } else {
            engines.removeAll { $0.name == engine.name }
            engines.insert(engine, at: asDefault ? 0 : engines.endIndex)
        }
        if descriptor(for: RecognizeStage.type) != nil { register(RecognizeStage.descriptor(engines: engines)) }
    }

    /// Adds a stage type after `type` in the listing (at the end when there is none), or
    /// replaces the one registered under its name.
    public mutating func register(_ descriptor: StageDescriptor, after type: String) {
        guard self.descriptor(for: descriptor.type) == nil, let index = descriptors.firstIndex(where: { $0.type == type }) else {
            return register(descriptor)
        }
        descriptors.insert(descriptor, at: index + 1)
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
