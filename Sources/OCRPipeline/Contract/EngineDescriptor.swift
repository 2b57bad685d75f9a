import Foundation

/// How an engine is named, configured and built; registered in a ``StageRegistry`` and chosen
/// with the `recognize` stage's `engine` parameter.
public struct EngineDescriptor: Sendable {
    public var name: String
    public var summary: String
    /// The engine's own parameters (they appear under the `recognize` stage).
    public var parameters: [ParameterSpec]
    /// Whether the engine sends the `fit` stage's payloads (rather than reading pixels).
    public var needsPayloads: Bool
    /// What it needs of the stages before it (request shape, view limits).
    public var profile: @Sendable (StageParameters) -> EngineProfile
    public var make: @Sendable (StageParameters, StageDescriptor.BuildContext) throws -> any RecognitionEngine

    /// The descriptor of an engine type whose parameters are its ``Param`` properties (see
    /// ``DeclaredStage``): `profile` reads them, `build` adds what needs the pipeline's context.
    public init<Built: DeclaredEngine>(
        _ engine: Built.Type, name: String, summary: String, needsPayloads: Bool = false,
        profile: @escaping @Sendable (Built) -> EngineProfile = { _ in EngineProfile() },
        build: @escaping @Sendable (inout Built, StageDescriptor.BuildContext) throws -> Void = { _, _ in }
    ) {
        self.init(
            name: name, summary: summary, parameters: declaredParameters(of: Built()), needsPayloads: needsPayloads,
            profile: { parameters in profile(parameters.build { Built() }) }
        ) { parameters, context in
            var built = parameters.build { Built() }
            try build(&built, context)
            return built
        }
    }

    public init(
        name: String, summary: String, parameters: [ParameterSpec], needsPayloads: Bool = false,
        profile: @escaping @Sendable (StageParameters) -> EngineProfile = { _ in EngineProfile() },
        make: @escaping @Sendable (StageParameters, StageDescriptor.BuildContext) throws -> any RecognitionEngine
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map { spec in
            var tagged = spec
            tagged.engine = name
            return tagged
        }
        self.needsPayloads = needsPayloads
        self.profile = profile
        self.make = make
    }
}
