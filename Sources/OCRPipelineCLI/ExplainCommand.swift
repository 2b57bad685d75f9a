import ArgumentParser
import Foundation
import OCRPipeline

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Shows what each stage would do to one image, without calling any service or writing anything.",
        discussion:
            "decode, reject-gif, tile and fit run (sizes, orientation, tiles, scale, quality, body bytes); recognize, merge and write only say what they would do. With --read, every stage but write runs, and each shows its time (and the engine its time per model)."
    )

    @Argument(help: "The pipeline file.") var pipelineFile: String
    @Argument(help: "The image.") var image: String
    @Flag(help: "Print the full result record as JSON.") var json = false
    @Flag(help: "Read the image too: run every stage but write (a remote engine is called) and show where the time goes.") var read = false

    func run() async throws {
        let pipeline = try loadPipeline(pipelineFile)
        let result = await PipelineRunner(pipeline: pipeline).explain(file: image, name: image, reading: read)
        if json {
            print(pipeline.redactor.scrub(result.json).serialized(pretty: true))
        } else {
            print(Self.render(result, redactor: pipeline.redactor))
        }
        if result.status == .failed { throw ExitCode(ExitStatus.someFailed.rawValue) }
    }

    /// One block per stage: its name (and time, where it ran), then `key: value` lines (nested
    /// values as compact JSON); then, where stages ran, the time per stage and per model.
    static func render(_ result: JobResult, redactor: Redactor) -> String {
        var lines = ["\(result.source.path): \(result.source.bytes) bytes, sha256 \(result.source.sha256.prefix(12))…"]
        for record in result.records {
            let time = record.decisions["seconds"]?.doubleValue.map { " (\(Self.format($0)) s)" } ?? ""
            lines.append("\(record.stage)\((record.decisions["not_run"] == true) ? " (not run)" : time)")
            for (key, value) in record.decisions where key != "not_run" && key != "seconds" {
                lines.append("    \(key): \(redactor.scrub(value).serialized())")
            }
        }
        if let failure = result.failure { lines.append("FAILED: \(redactor.scrub(failure.message))") }
        let timed = result.records.compactMap { record in record.decisions["seconds"]?.doubleValue.map { (record.stage, $0) } }
        if !timed.isEmpty {
            let total = timed.reduce(0) { $0 + $1.1 }
            lines.append("time: \(Self.format(total)) s — " + timed.map { "\($0.0) \(Self.format($0.1))" }.joined(separator: ", "))
            var models: [(String, Double, Int)] = []
            for record in result.records {
                for inference in Self.inferenceRecords(record.decisions) {
                    for (model, time) in inference {
                        let seconds = time["seconds"]?.doubleValue ?? 0, runs = time["runs"]?.intValue ?? 0
                        if let index = models.firstIndex(where: { $0.0 == "\(record.stage): \(model)" }) {
                            models[index].1 += seconds
                            models[index].2 += runs
                        } else {
                            models.append(("\(record.stage): \(model)", seconds, runs))
                        }
                    }
                }
            }
            if !models.isEmpty {
                lines.append(
                    "models (inside Run): " + models.map { "\($0.0) \(Self.format($0.1)) s in \($0.2) run\($0.2 == 1 ? "" : "s")" }.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The engines' per-model times in a record: its own `inference`, or its views'.
    private static func inferenceRecords(_ decisions: JSONObject) -> [JSONObject] {
        if let own = decisions["inference"]?.objectValue { return [own] }
        return (decisions["views"]?.arrayValue ?? []).compactMap { $0["inference"]?.objectValue }
    }

    private static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
