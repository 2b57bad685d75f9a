import ArgumentParser

/// Developer tools: the samples generator, benchmarks and the accuracy harness.
@main
struct DevTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr-pipeline-dev",
        abstract: "Developer tools for ocr-pipeline: samples, benchmarks, accuracy.",
        subcommands: [
            MakeSamplesCommand.self, MakeBenchPhotoCommand.self, FitOnceCommand.self, MakeBenchTextCommand.self, BenchInProcessCommand.self,
            BenchClientCommand.self, VipsIdleCommand.self, FuzzCommand.self,
        ]
    )
}
