import ArgumentParser
import Foundation
import OCRPipeline
import UnixSignals

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs a pipeline over every image under a folder.",
        discussion: """
            Writes OUT/<rel>.json for every input (and the files the write stage asks for), then \
            OUT/manifest.jsonl. A rerun skips images whose result is already there for the same \
            bytes and pipeline. Exit statuses: \(ExitStatus.allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")).
            """
    )

    @Argument(help: "The pipeline file (JSON).") var pipelineFile: String
    @Argument(help: "The folder of images (searched recursively), or one image.") var input: String
    @Option(name: .shortAndLong, help: "Output folder.") var output = "out"
    @Option(name: .shortAndLong, help: "Images processed at once (default: one per core).") var jobs: Int?
    @Flag(help: "Redo images that already have a result.") var force = false
    @Option(help: "Process only part K of N (1 ≤ K ≤ N), e.g. 2/8; every input belongs to exactly one part.") var shard: String?
    @Flag(help: "Print progress as NDJSON events on standard output.") var events = false
    @Flag(name: .shortAndLong, help: "Print only failures.") var quiet = false
    @OptionGroup var isolation: IsolationOptions

    func run() async throws {
        let pipeline = try loadPipeline(pipelineFile)
        var options = BatchRunner.Options()
        if let jobs { options.workers = max(1, jobs) }
        options.force = force
        options.isolation = try isolation.isolation(workers: options.workers)
        do {
            if let shard { options.shard = try Shard(parsing: shard) }
        } catch let error as DescribedError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let runner = BatchRunner(pipeline: pipeline, input: input, output: output, options: options)
        let reporter = ProgressReporter(
            mode: events ? .events : quiet ? .quiet : isatty(STDERR_FILENO) == 1 ? .bar : .lines,
            redactor: pipeline.redactor)
        let task = Task { try await runner.run(events: reporter.handle) }
        let signals = await interruptOnSignals(task)
        defer { signals.cancel() }
        let summary: RunSummary
        do {
            summary = try await task.value
        } catch let error as DescribedError {
            FileHandle.standardError.write(Data("error: \(pipeline.redactor.scrub(error.description))\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let status = ExitStatus(summary.outcome)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// Cancels `task` on the first SIGINT or SIGTERM; a second one exits at once. Returns the
/// listening task, cancelled once the run is over.
func interruptOnSignals(_ task: Task<RunSummary, any Error>) async -> Task<Void, Never> {
    let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
    return Task {
        var seen = false
        for await _ in signals {
            if seen { exit(ExitStatus.interrupted.rawValue) }
            seen = true
            FileHandle.standardError.write(Data("\nstopping: finishing the images in progress (press Ctrl-C again to quit at once)\n".utf8))
            task.cancel()
        }
    }
}
