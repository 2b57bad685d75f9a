/// The plugin an `exec` stage or engine runs: its command and how it runs, declared once for
/// both.
public struct ExecPlugin: ParameterGroup {
    /// How long a plugin process lives.
    public enum Mode: String, ParameterChoice {
        /// One process per worker answers many images.
        case persistent
        /// A new process for each image.
        case perImage = "per_image"
    }

    @Param("command", required: true, help: "the program and its arguments, e.g. [\"python3\", \"plugin.py\"]; run in the pipeline file's folder")
    public var command: [String] = []
    @Param("mode", help: "persistent: one process per worker answers many images; per_image: a new process for each image")
    public var mode = Mode.persistent
    @Param("timeout", range: 0.1...86_400, help: "seconds the plugin may take to answer one image before it is stopped")
    public var timeout = 60.0
    @Param("params", help: "passed to the plugin as is, in every request's \"params\"")
    public var params: JSONObject = [:]
    /// The folder the plugin runs in: the pipeline file's.
    public var workingDirectory = "."

    public init() {}

    var persistent: Bool { mode == .persistent }
    /// The plugin's name in messages: its command line.
    var label: String { command.joined(separator: " ") }
    var cacheKey: String { "exec|" + command.joined(separator: "\u{1F}") + "|\(workingDirectory)" }

    /// Checks the command and sets the folder, as a pipeline builds the stage or engine.
    mutating func prepare(in context: StageDescriptor.BuildContext) throws {
        try ExecProtocol.checked(command)
        workingDirectory = context.baseDirectory
    }
}
