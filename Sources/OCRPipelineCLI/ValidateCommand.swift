import ArgumentParser
import Foundation
import OCRPipeline

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks a pipeline file and prints every problem, or the resolved stages when it is valid."
    )

    @Argument(help: "The pipeline file.") var pipelineFile: String

    func run() async throws {
        let pipeline = try loadPipeline(pipelineFile)
        print("\(pipelineFile): valid, \(pipeline.steps.count) stages (\(pipeline.stageTypes.joined(separator: " → "))), fingerprint \(pipeline.fingerprint)")
        print(pipeline.resolvedDescription.serialized(pretty: true))
    }
}
