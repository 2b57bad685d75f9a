/// The stage types a pipeline file may use, by `type` name. Built-in stages and plugins
/// register the same way.
public struct StageRegistry: Sendable {
    public private(set) var descriptors: [StageDescriptor] = []

    public init() {}

    /// The stages that ship with the library.
    public static var builtIn: StageRegistry {
        var registry = StageRegistry()
        for descriptor in [DecodeStage.descriptor, RejectGIFStage.descriptor, TileStage.descriptor,
                           FitStage.descriptor, WriteStage.descriptor] {
            registry.register(descriptor)
        }
        return registry
    }

    /// Adds a stage type, replacing any registered under the same name.
    public mutating func register(_ descriptor: StageDescriptor) {
        descriptors.removeAll { $0.type == descriptor.type }
        descriptors.append(descriptor)
    }

    public func descriptor(for type: String) -> StageDescriptor? {
        descriptors.first { $0.type == type }
    }

    public var typeNames: [String] { descriptors.map(\.type) }
}
