import ArgumentParser
import Foundation
import MutationFuzzer

/// The seeded mutation fuzzer: mutants of the corpus and the samples through `ocr-pipeline run`
/// with a preprocessing pipeline; fails when a mutant gets no result or crashes its worker.
struct FuzzCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Runs seeded mutants of image files through ocr-pipeline run and checks every one gets a result.",
        discussion: """
            Mutant N of seed S is always the same file (.mutants.tsv in the mutants folder says how \
            each was made), so a finding is reproduced with the same --seed and --count. Exits 1 when \
            any mutant has no result file or crashed its worker (codes crashed, memory_limit, \
            timed_out, internal_error), and copies those mutants to <work>/findings.
            """
    )

    @Option(help: "Folders of seed files (default: samples and ../shared/corpus/files).") var seeds: [String] = []
    @Option(help: "Seed files larger than this many bytes are skipped.") var maxSeedBytes = 2_000_000
    @Option(help: "The run's seed.") var seed: UInt64 = 1
    @Option(help: "Mutants to make.") var count = 1000
    @Option(help: "Work folder (mutants in <work>/in, results in <work>/out).") var work = "/tmp/ocr-pipeline-fuzz"
    @Option(help: "The ocr-pipeline executable.") var executable = ".build/release/ocr-pipeline"
    @Option(help: "The pipeline file (default: decode, reject-gif, tile, fit, write json and payload).") var pipeline: String?
    @Option(help: "Extra arguments for ocr-pipeline run, e.g. --jobs 2.") var runArgument: [String] = []

    func run() async throws {
        let folders = seeds.isEmpty ? ["samples", "../shared/corpus/files"].filter { FileManager.default.fileExists(atPath: $0) } : seeds
        let seedFiles = try FuzzCampaign.seeds(in: folders, maxBytes: maxSeedBytes)
        guard !seedFiles.isEmpty else { throw ValidationError("no seed files in \(folders.joined(separator: ", "))") }
        let campaign = FuzzCampaign(mutator: Mutator(seeds: seedFiles), seed: seed, count: count)
        let input = "\(work)/in", output = "\(work)/out"
        try? FileManager.default.removeItem(atPath: work)
        let mutants = try campaign.write(to: input)
        print("fuzz: \(mutants.count) mutants of \(seedFiles.count) seed files (seed \(seed)) in \(input)")

        let pipelineFile = try pipeline ?? Self.writePreprocessingPipeline(in: work)
        let started = Date()
        let status = try Self.execute(executable, ["run", pipelineFile, input, "-o", output, "--quiet", "--force"] + runArgument)
        let seconds = Date().timeIntervalSince(started)
        let report = campaign.report(mutants: mutants, output: output)
        print(report.summary)
        print(String(format: "fuzz: ocr-pipeline run exited with %d after %.1f s (%.1f mutants/s)", status, seconds, Double(mutants.count) / seconds))

        let findings = report.missing + report.crashed.map(\.file)
        if !findings.isEmpty {
            let folder = "\(work)/findings"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in findings { try? FileManager.default.copyItem(atPath: "\(input)/\(file)", toPath: "\(folder)/\(file)") }
            print("fuzz: \(findings.count) findings copied to \(folder)")
        }
        if !report.isClean || ![0, 1].contains(status) { throw ExitCode(1) }
    }

    static func writePreprocessingPipeline(in folder: String) throws -> String {
        let path = "\(folder)/pipeline.json"
        let text = """
            {"version": 1, "stages": [{"type": "decode"}, {"type": "reject-gif"}, {"type": "tile"}, {"type": "fit"},
              {"type": "write", "params": {"formats": ["json", "payload"]}}]}
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func execute(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
