import Crypto
import Foundation

/// A validated, built pipeline: its stages in order, ready to process jobs.
public struct Pipeline: Sendable {
    /// One stage of the pipeline with its validated parameters.
    public struct Step: Sendable {
        public let type: String
        /// Where it sits in the file, e.g. `stages[2]`.
        public let path: String
        public let parameters: StageParameters
        public let stage: any Stage
        /// What `explain` does with it.
        public let explain: StageDescriptor.ExplainMode
    }

    public let steps: [Step]
    /// Hash of the resolved stages and parameters (secrets excluded); results made by a
    /// pipeline with another fingerprint are redone on a rerun.
    public let fingerprint: String
    /// Secrets seen while loading, scrubbed from every printout.
    public let redactor: Redactor
    /// The resolved stages with defaults filled in and secrets masked, for printing.
    public let resolvedDescription: JSONValue
    /// What the pipeline was loaded from, so a worker process can load the same one; `nil` for
    /// a pipeline built in code.
    public let source: Source?

    /// A pipeline document with what its loading depended on.
    public struct Source: Sendable {
        /// The document as written (before `${VAR}` expansion).
        public var document: JSONValue
        public var name: String
        public var baseDirectory: String
        /// The variables `${VAR}` was expanded from.
        public var environment: [String: String]
    }

    init(steps: [Step], fingerprint: String, redactor: Redactor, resolvedDescription: JSONValue, source: Source?) {
        self.steps = steps
        self.fingerprint = fingerprint
        self.redactor = redactor
        self.resolvedDescription = resolvedDescription
        self.source = source
    }

    /// Bumped when a change to the stages makes earlier results stale.
    static let resultFormatVersion = 1

    /// Loads and validates the pipeline file at `path`.
    public static func load(
        contentsOf path: String, registry: StageRegistry = .builtIn,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        host: PipelineHost = .inProcess
    ) throws(PipelineFileError) -> Pipeline {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try load(data: data, name: path, baseDirectory: base, registry: registry, environment: environment, host: host)
    }

    /// Loads and validates a pipeline from JSON text.
    public static func load(
        data: Data, name: String = "pipeline.json", baseDirectory: String = ".", registry: StageRegistry = .builtIn,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        host: PipelineHost = .inProcess
    ) throws(PipelineFileError) -> Pipeline {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw .syntax(file: name, error)
        }
        return try load(document: document, name: name, baseDirectory: baseDirectory, registry: registry, environment: environment, host: host)
    }

    /// Validates and builds a pipeline from a JSON value, reporting every problem at once.
    public static func load(
        document: JSONValue, name: String = "pipeline.json", baseDirectory: String = ".", registry: StageRegistry = .builtIn,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        host: PipelineHost = .inProcess
    ) throws(PipelineFileError) -> Pipeline {
        var validator = PipelineValidator(registry: registry, environment: environment)
        let validated = validator.validate(document)
        let secrets = Redactor(secrets: validator.secretValues)
        guard validator.problems.isEmpty else {
            throw .invalid(
                file: name,
                problems: validator.problems.map {
                    PipelineProblem(path: $0.path, message: secrets.scrub($0.message), suggestion: $0.suggestion)
                })
        }

        let engine = validated.lazy.compactMap { $0.descriptor.engineProfile($0.parameters) }.first
        let collected = SecretCollector()
        let context = StageDescriptor.BuildContext(
            engine: engine, baseDirectory: baseDirectory, environment: environment, secrets: collected,
            workerMemoryLimit: host.workerMemoryLimit, processShare: host.processShare)
        var steps: [Step] = []
        var problems: [PipelineProblem] = []
        for entry in validated {
            do {
                let stage = try entry.descriptor.make(entry.parameters, context)
                steps.append(Step(type: entry.descriptor.type, path: entry.path, parameters: entry.parameters, stage: stage, explain: entry.descriptor.explain))
            } catch let error as StageConfigurationError {
                problems.append(PipelineProblem(path: "\(entry.path).params.\(error.parameter)", message: error.problem))
            } catch let error as DescribedError {
                problems.append(PipelineProblem(path: entry.path, message: error.description))
            } catch {
                problems.append(PipelineProblem(path: entry.path, message: "\(error)"))
            }
        }
        guard problems.isEmpty else {
            throw .invalid(file: name, problems: problems.map { PipelineProblem(path: $0.path, message: secrets.scrub($0.message), suggestion: $0.suggestion) })
        }

        var redactor = secrets
        for secret in collected.all { redactor.add(secret) }
        var printable: [JSONValue] = []
        var fingerprintSource: [JSONValue] = [.int(resultFormatVersion)]
        for entry in validated {
            var shown = JSONObject(), hashed = JSONObject()
            for spec in entry.descriptor.parameters {
                guard let value = entry.parameters.values[spec.name] else { continue }
                if let text = value.stringValue, let userinfo = Redactor.urlUserinfo(in: text) { redactor.add(userinfo) }
                if spec.isSecret {
                    if let secret = value.stringValue { redactor.add(secret) }
                    shown[spec.name] = .string(Redactor.mask)
                } else {
                    shown[spec.name] = value
                    hashed[spec.name] = value
                }
            }
            printable.append(["type": .string(entry.descriptor.type), "params": .object(shown)])
            fingerprintSource.append(["type": .string(entry.descriptor.type), "params": .object(hashed)])
        }
        let digest = SHA256.hash(data: JSONValue.array(fingerprintSource).data())
        return Pipeline(
            steps: steps, fingerprint: digest.prefix(8).map { String(format: "%02x", $0) }.joined(),
            redactor: redactor, resolvedDescription: redactor.scrub(.object(["version": 1, "stages": .array(printable)])),
            source: Source(document: document, name: name, baseDirectory: baseDirectory, environment: environment))
    }

    /// The stage that opens inputs and plans documents' pages (`decode`), if there is one.
    public var documentReader: (any DocumentReading)? { steps.lazy.compactMap { $0.stage as? any DocumentReading }.first }

    /// The stage types in order.
    public var stageTypes: [String] { steps.map(\.type) }

    /// A pipeline of stage values built in code, skipping the file format and its validation
    /// (each stage is named by `type` in records and messages). Every stage runs in `explain`.
    public init(stages: [(type: String, stage: any Stage)]) {
        self.init(
            steps: stages.enumerated().map { index, entry in
                Step(type: entry.type, path: "stages[\(index)]", parameters: StageParameters([:]), stage: entry.stage, explain: .run)
            },
            fingerprint: "in-code", redactor: Redactor(), resolvedDescription: .null, source: nil)
    }
}

/// Where a pipeline's stages run; some stages size themselves by it.
public struct PipelineHost: Sendable, Hashable {
    /// The memory cap of the worker process, `nil` when stages run in the calling process.
    public var workerMemoryLimit: Int?
    /// How many worker processes share run-wide limits (a service's requests per second).
    public var processShare: Int

    public init(workerMemoryLimit: Int? = nil, processShare: Int = 1) {
        self.workerMemoryLimit = workerMemoryLimit
        self.processShare = max(1, processShare)
    }

    /// Stages run in the calling process.
    public static let inProcess = PipelineHost()
}
