/// How a stage type is named, configured and built. Register one per stage type in a
/// ``StageRegistry``.
public struct StageDescriptor: Sendable {
    /// The `type` used in pipeline files.
    public var type: String
    /// One sentence for `ocr-pipeline stages` and the README.
    public var summary: String
    /// Every parameter the stage accepts.
    public var parameters: [ParameterSpec]
    /// Facets the stage needs, provides and invalidates, given its parameters.
    public var facets: @Sendable (StageParameters) -> Facets
    /// What the stage's engine needs of earlier stages (the `recognize` stage only).
    public var engineProfile: @Sendable (StageParameters) -> EngineProfile?
    /// Builds the stage from validated parameters.
    public var make: @Sendable (StageParameters, BuildContext) throws -> any Stage
    /// What `ocr-pipeline explain` does with the stage: run it (stages that only compute), or
    /// describe what it would do (stages that call a service, recognise or write). A custom
    /// stage is described by its parameters unless it opts in to running.
    public var explain: ExplainMode = .describe { parameters, _ in ["would_run_with": .object(parameters.values)] }

    /// See ``explain``.
    public enum ExplainMode: Sendable {
        case run
        case describe(@Sendable (StageParameters, Job) -> JSONObject)
    }

    /// This descriptor, with `explain` describing what the stage (built as the pipeline has
    /// it) would do with a job.
    public func explaining<Built: DeclaredStage>(describe: @escaping @Sendable (Built, Job) -> JSONObject) -> StageDescriptor {
        explaining(.describe { parameters, job in describe(parameters.build { Built() }, job) })
    }

    /// This descriptor with another ``explain`` mode.
    public func explaining(_ mode: ExplainMode) -> StageDescriptor {
        var copy = self
        copy.explain = mode
        return copy
    }

    public struct Facets: Sendable {
        public var needs: Set<JobFacet>
        public var provides: Set<JobFacet>
        public var invalidates: Set<JobFacet>
        public init(needs: Set<JobFacet> = [], provides: Set<JobFacet> = [], invalidates: Set<JobFacet> = []) {
            self.needs = needs; self.provides = provides; self.invalidates = invalidates
        }
    }

    /// The descriptor of a stage type whose parameters are its ``Param`` properties: they are
    /// listed from a default instance, and each pipeline's stage is that type's `init()` with
    /// the file's values in them, then `build` (for what depends on the rest of the pipeline).
    public init<Built: DeclaredStage>(
        _ stage: Built.Type, type: String, summary: String,
        needs: Set<JobFacet> = [], provides: Set<JobFacet> = [], invalidates: Set<JobFacet> = [],
        build: @escaping @Sendable (inout Built, BuildContext) throws -> Void = { _, _ in }
    ) {
        self.init(stage, type: type, summary: summary, facets: { _ in Facets(needs: needs, provides: provides, invalidates: invalidates) }, build: build)
    }

    /// As above, with facets that depend on the stage's parameters.
    public init<Built: DeclaredStage>(
        _ stage: Built.Type, type: String, summary: String, facets: @escaping @Sendable (Built) -> Facets,
        build: @escaping @Sendable (inout Built, BuildContext) throws -> Void = { _, _ in }
    ) {
        self.init(
            type: type, summary: summary, parameters: declaredParameters(of: Built()),
            facets: { parameters in facets(parameters.build { Built() }) }
        ) { parameters, context in
            var built = parameters.build { Built() }
            try build(&built, context)
            return built
        }
    }

    /// A descriptor whose facets do not depend on its parameters, for a stage whose parameters
    /// are known only at run time (``parameters`` built by hand, values read from
    /// ``StageParameters/values``); prefer ``Param`` properties.
    public init(
        type: String, summary: String, parameters: [ParameterSpec],
        needs: Set<JobFacet> = [], provides: Set<JobFacet> = [], invalidates: Set<JobFacet> = [],
        make: @escaping @Sendable (StageParameters, BuildContext) throws -> any Stage
    ) {
        self.init(
            type: type, summary: summary, parameters: parameters,
            facets: { _ in Facets(needs: needs, provides: provides, invalidates: invalidates) }, make: make)
    }

    public init(
        type: String, summary: String, parameters: [ParameterSpec],
        facets: @escaping @Sendable (StageParameters) -> Facets,
        engineProfile: @escaping @Sendable (StageParameters) -> EngineProfile? = { _ in nil },
        make: @escaping @Sendable (StageParameters, BuildContext) throws -> any Stage
    ) {
        self.type = type
        self.summary = summary
        self.parameters = parameters
        self.facets = facets
        self.engineProfile = engineProfile
        self.make = make
    }

    /// What a stage's factory may know about the pipeline it is part of.
    public struct BuildContext: Sendable {
        /// What the pipeline's engine needs, when there is a recognize stage.
        public var engine: EngineProfile?
        /// The folder of the pipeline file, for resolving relative paths in parameters.
        public var baseDirectory: String
        /// The environment variables, for stages that read credentials.
        public var environment: [String: String]
        /// Where a stage registers secrets it loaded (keys from the environment or a file), so
        /// that every printout masks them.
        public let secrets: SecretCollector
        /// The memory cap of the worker process the stage runs in, `nil` in process.
        public var workerMemoryLimit: Int?
        /// How many worker processes share limits such as a service's requests per second
        /// (each process paces its share); 1 in process.
        public var processShare: Int

        public init(
            engine: EngineProfile? = nil, baseDirectory: String = ".", environment: [String: String] = [:],
            secrets: SecretCollector = SecretCollector(), workerMemoryLimit: Int? = nil, processShare: Int = 1
        ) {
            self.engine = engine
            self.baseDirectory = baseDirectory
            self.environment = environment
            self.secrets = secrets
            self.workerMemoryLimit = workerMemoryLimit
            self.processShare = max(1, processShare)
        }
    }
}
