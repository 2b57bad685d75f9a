import ArgumentParser
import Foundation
import OCRPipeline

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Shows what each stage would do to one image, without calling any service or writing anything.",
        discussion:
            "decode, reject-gif, tile and fit run (sizes, orientation, tiles, scale, quality, body bytes); recognize, merge and write only say what they would do."
    )

    @Argument(help: "The pipeline file.") var pipelineFile: String
    @Argument(help: "The image.") var image: String
    @Flag(help: "Print the full result record as JSON.") var json = false

    func run() async throws {
        let pipeline = try loadPipeline(pipelineFile)
        let result = await PipelineRunner(pipeline: pipeline).explain(file: image, name: image)
        if json {
            print(pipeline.redactor.scrub(result.json).serialized(pretty: true))
        } else {
            print(Self.render(result, redactor: pipeline.redactor))
        }
        if result.status == .failed { throw ExitCode(ExitStatus.someFailed.rawValue) }
    }

    /// One block per stage: its name, then `key: value` lines (nested values as compact JSON).
    static func render(_ result: JobResult, redactor: Redactor) -> String {
        var lines = ["\(result.source.path): \(result.source.bytes) bytes, sha256 \(result.source.sha256.prefix(12))…"]
        for record in result.records {
            lines.append("\(record.stage)\((record.decisions["not_run"] == true) ? " (not run)" : "")")
            for (key, value) in record.decisions where key != "not_run" {
                lines.append("    \(key): \(redactor.scrub(value).serialized())")
            }
        }
        if let failure = result.failure { lines.append("FAILED: \(redactor.scrub(failure.message))") }
        return lines.joined(separator: "\n")
    }
}
