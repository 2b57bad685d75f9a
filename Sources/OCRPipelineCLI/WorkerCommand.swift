import ArgumentParser
import Foundation
import OCRPipeline

/// The worker process `run` and `serve` start for each concurrent image (not for users).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Processes images for a supervising `run` or `serve` over standard input and output.",
        shouldDisplay: false
    )

    func run() async throws {
        let status = await WorkerProcessMain.run(registry: CLISettings.shared.registry)
        if status != 0 { throw ExitCode(status) }
    }
}
