import Foundation
import SyntheticImages
import Testing

/// `ocr-pipeline-redact`, the runner built in a few lines from OCRPipelineCLI.main(registry:):
/// every verb sees its stage.
@Suite struct CustomRunnerTests {
    static let executable = URL(fileURLWithPath: CLI.executable).deletingLastPathComponent().appendingPathComponent("ocr-pipeline-redact").path
    static let pipeline = CLI.packageRoot.appendingPathComponent("Plugins/Redact/pipeline.json").path

    static func run(_ arguments: [String]) async throws -> CLI.Output {
        try await CLI.run(arguments, executable: executable)
    }

    @Test func everyVerbSeesTheCustomStage() async throws {
        #expect(try await Self.run(["stages"]).stdout.contains("redact\n  Masks phone, ID and card numbers"))
        #expect(try await Self.run(["validate", Self.pipeline]).status == 0)
        #expect(try await CLI.run(["validate", Self.pipeline]).stderr.contains("unknown stage type \"redact\""))  // the stock CLI does not know it

        let folder = try TemporaryFolder()
        let page = try SyntheticImages.page(width: 1100, height: 150, lines: [("Phone 13912345678", 40, 40, 50)])
        try folder.write(try page.image.pngData(), to: "in/card.png")
        let explained = try await Self.run(["explain", Self.pipeline, "\(folder.path)/in/card.png"])
        #expect(explained.stdout.contains("redact (not run)"))
        let run = try await Self.run(["run", Self.pipeline, "\(folder.path)/in", "-o", "\(folder.path)/out", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: "\(folder.path)/out/card.png.txt", encoding: .utf8)
        #expect(text == "Phone ***********\n")
    }
}
