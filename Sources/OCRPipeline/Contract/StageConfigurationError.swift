/// A stage's parameters are individually valid but do not work together.
public struct StageConfigurationError: DescribedError {
    public var parameter: String
    public var problem: String
    public init(parameter: String, problem: String) { self.parameter = parameter; self.problem = problem }
    public var kind: FailureKind { .configuration }
    public var code: String { "invalid_parameters" }
    public var summary: String { problem }
    public var remedy: String { "change \(parameter) in the pipeline file" }
}
