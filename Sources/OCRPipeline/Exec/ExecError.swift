/// Why an out-of-process plugin failed one image. Every message names the plugin.
public enum ExecError: DescribedError {
    case couldNotStart(plugin: String, reason: String)
    case crashed(plugin: String, status: Int32, stderr: String)
    case timedOut(plugin: String, seconds: Double, stderr: String)
    case garbage(plugin: String, output: String, problem: String)
    case reported(plugin: String, message: String)

    public var kind: FailureKind { .configuration }

    public var code: String {
        switch self {
        case .couldNotStart: "plugin_not_started"
        case .crashed: "plugin_crashed"
        case .timedOut: "plugin_timeout"
        case .garbage: "plugin_bad_output"
        case .reported: "plugin_error"
        }
    }

    public var summary: String {
        switch self {
        case .couldNotStart(let plugin, let reason): "the plugin `\(plugin)` could not be started (\(reason))"
        case .crashed(let plugin, let status, let stderr): "the plugin `\(plugin)` exited (status \(status)) without answering\(Self.tail(stderr))"
        case .timedOut(let plugin, let seconds, let stderr):
            "the plugin `\(plugin)` did not answer within \(Self.format(seconds)) s and was stopped\(Self.tail(stderr))"
        case .garbage(let plugin, let output, let problem):
            "the plugin `\(plugin)` printed something that is not a protocol answer (\(problem)): \(output.prefix(120))"
        case .reported(let plugin, let message): "the plugin `\(plugin)` reported: \(message)"
        }
    }

    public var remedy: String {
        switch self {
        case .couldNotStart: "check the exec stage's command (its path is relative to the pipeline file)"
        case .crashed: "fix the plugin (the end of its standard error is quoted)"
        case .reported: "the plugin refused this image for the reason it gives: fix that, or the plugin"
        case .timedOut: "raise the stage's timeout, or fix the plugin"
        case .garbage: "a plugin answers one JSON object per line on standard output and logs to standard error (see Plugins/README.md)"
        }
    }

    private static func tail(_ stderr: String) -> String {
        let trimmed = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "; its standard error ends: \(trimmed.suffix(400))"
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}
