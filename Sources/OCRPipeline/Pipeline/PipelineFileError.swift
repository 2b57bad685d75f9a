/// One thing wrong with a pipeline file, located by a path such as `stages[3].params.quality`.
public struct PipelineProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    /// The closest valid name, for misspellings.
    public var suggestion: String?

    public init(path: String, message: String, suggestion: String? = nil) {
        self.path = path
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(path): \(message)"
        if let suggestion { text += " (did you mean `\(suggestion)`?)" }
        return text
    }
}

/// A pipeline file that cannot be used. Nothing is processed when one is thrown.
public enum PipelineFileError: DescribedError {
    case unreadable(file: String, reason: String)
    case syntax(file: String, JSONSyntaxError)
    case invalid(file: String, problems: [PipelineProblem])

    public var kind: FailureKind { .configuration }

    public var code: String {
        switch self {
        case .unreadable: "pipeline_unreadable"
        case .syntax: "pipeline_syntax"
        case .invalid: "pipeline_invalid"
        }
    }

    public var summary: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read the pipeline file (\(reason))"
        case .syntax(let file, let error): "\(file):\(error.line):\(error.column): invalid JSON: \(error.reason)"
        case .invalid(let file, let problems):
            "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    public var remedy: String {
        switch self {
        case .unreadable: "check the path"
        case .syntax: "fix the JSON at that line and column"
        case .invalid: "fix the listed entries; `ocr-pipeline stages` lists every stage and parameter"
        }
    }

    /// The individual problems (one for syntax and read errors).
    public var problems: [PipelineProblem] {
        switch self {
        case .unreadable(_, let reason): [PipelineProblem(path: "(file)", message: reason)]
        case .syntax(_, let error): [PipelineProblem(path: "(json)", message: error.description)]
        case .invalid(_, let problems): problems
        }
    }
}
