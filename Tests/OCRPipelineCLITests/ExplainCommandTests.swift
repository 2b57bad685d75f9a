import Foundation
import Testing

@Suite struct ExplainCommandTests {
    @Test func explainsWithoutRecognisingOrWriting() async throws {
        let sample = CLI.packageRoot.appendingPathComponent("samples/long-screenshot.png").path
        let output = try await CLI.run(["explain", CLI.packageRoot.appendingPathComponent("samples/pipeline.json").path, sample])
        #expect(output.status == 0)
        #expect(output.stdout.contains("tiled: true"))  // PP-OCR reads a long screenshot in tiles (see ViewLimits.ppocr)
        #expect(output.stdout.contains("\"mode\":\"pass_through\"") || output.stdout.contains("\"mode\":\"reencoded\""))
        #expect(output.stdout.contains("recognize (not run)"))
        #expect(output.stdout.contains("request_body_bytes"))
        #expect(output.stdout.contains("write (not run)"))
    }

    @Test func readingShowsWhereTheTimeGoes() async throws {
        let sample = CLI.packageRoot.appendingPathComponent("samples/document.png").path
        let output = try await CLI.run(["explain", CLI.packageRoot.appendingPathComponent("samples/pipeline.json").path, sample, "--read"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        // Every stage that ran has its time; write alone does not run.
        for stage in ["decode", "orient", "reject-gif", "tile", "fit", "recognize", "merge"] {
            #expect(lines.contains { $0.hasPrefix("\(stage) (") && $0.hasSuffix(" s)") }, "\(stage): \(output.stdout)")
        }
        #expect(lines.contains("write (not run)"))
        #expect(output.stdout.contains("items: 8"), "the engine read the page")
        // The total is the sum of the stages, and each model's time inside Run is named.
        let time = try #require(lines.first { $0.hasPrefix("time: ") })
        let total = try #require(Double(time.dropFirst("time: ".count).prefix { $0 != " " }))
        let parts = time.split(separator: "— ").last?.split(separator: ", ").compactMap { Double($0.split(separator: " ").last ?? "") } ?? []
        #expect(parts.count == 7 && abs(parts.reduce(0, +) - total) < 0.01, "\(time)")
        let models = try #require(lines.first { $0.hasPrefix("models (inside Run): ") })
        for model in ["orient: page orientation", "recognize: detection", "recognize: line direction", "recognize: recognition"] {
            #expect(models.contains(model + " "), "\(models)")
        }
    }
}
