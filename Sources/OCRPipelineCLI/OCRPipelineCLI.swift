import ArgumentParser
import Foundation
import OCREngines
import OCRPipeline
import Synchronization

/// The `ocr-pipeline` command line, reusable by custom runners that register their own stages
/// (every engine that ships with ocr-pipeline — ``StageRegistry/standard`` — is added to the
/// registry it runs):
///
/// ```swift
/// import OCRPipeline
/// import OCRPipelineCLI
///
/// var registry = StageRegistry.builtIn
/// registry.register(MyStage.descriptor)
/// await OCRPipelineCLI.main(registry: registry)
/// ```
public enum OCRPipelineCLI {
    /// Parses the process arguments and runs the chosen verb with `registry`'s stages.
    public static func main(registry: StageRegistry = .builtIn, arguments: [String]? = nil) async {
        var standard = StageRegistry.standard
        standard.merge(registry)
        CLISettings.shared.registry = standard
        OptionNames.current = .commandLine
        await RootCommand.main(arguments)
    }
}

/// Settings shared by every verb of one process.
final class CLISettings: Sendable {
    static let shared = CLISettings()
    private let storedRegistry = Mutex(StageRegistry.standard)

    var registry: StageRegistry {
        get { storedRegistry.withLock { $0 } }
        set { storedRegistry.withLock { $0 = newValue } }
    }
}

struct RootCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr-pipeline",
        abstract: "Gets images — oversized photos, huge scans, long screenshots — safely through OCR.",
        discussion: """
            Exit statuses: \(ExitStatus.allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")).
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, ExplainCommand.self, StagesCommand.self, ServeCommand.self, WorkerCommand.self]
    )
}

/// Loads a pipeline file, printing every problem and exiting with the usage status on failure.
func loadPipeline(_ path: String) throws -> Pipeline {
    do {
        return try Pipeline.load(contentsOf: path, registry: CLISettings.shared.registry)
    } catch {
        FileHandle.standardError.write(Data("error: \(error.summary)\n\(error.remedy.prefix(1).uppercased() + error.remedy.dropFirst()).\n".utf8))
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}

extension OptionNames {
    /// The flags of `run` and `serve`.
    static let commandLine = OptionNames(
        workerMemoryLimit: "--max-worker-memory", imageTimeout: "--image-timeout", rerunAll: "--force", inProcess: "--in-process")
}
