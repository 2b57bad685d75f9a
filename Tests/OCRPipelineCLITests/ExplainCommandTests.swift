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
}
