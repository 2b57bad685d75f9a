import Foundation
import MutationFuzzer
import SyntheticImages
import Testing
import VipsKit

/// A short, seeded fuzz run in every test run: a few hundred mutants — of images, PDFs and a
/// multi-page TIFF — through `ocr-pipeline run`
/// with a preprocessing pipeline. Every mutant must get a result file, none may crash its
/// worker, and the run must end normally. (`ocr-pipeline-dev fuzz` runs the long campaign.)
@Suite struct FuzzSmokeTests {
    /// Small seeds of every format the pipeline reads, made here, plus the corpus' small files.
    static func seeds() async throws -> [(name: String, data: Data)] {
        let page = try SyntheticImages.page(width: 320, height: 120, lines: [("Fuzz seed 42", 10, 30, 30)]).image
        let alpha = try page.joiningBands(try VImage.black(width: 320, height: 120).linear(1, 200))
        var seeds: [(String, Data)] = [
            ("seed.jpg", try page.setting("orientation", to: 6).jpegData(quality: 85, stripMetadata: false)),
            ("seed.png", try alpha.pngData()),
            ("seed.webp", try page.encoded(suffix: ".webp[Q=70]")),
            ("seed.tif", try page.encoded(suffix: ".tif[compression=lzw]")),
            ("seed.gif", try page.encoded(suffix: ".gif")),
            ("document.png", try Data(contentsOf: CLI.packageRoot.appendingPathComponent("samples/document.png"))),
            ("seed-pages.tif", try Documents.multiPageTIFF([page, page.linear(1, -40)])),
        ]
        // Documents: a scan (img2pdf) and a born-digital page (pango-view), made here.
        let folder = try TemporaryFolder()
        try await Documents.scannedPDF([page, page], dpi: 100, to: folder.url.appendingPathComponent("seed-scan.pdf").path)
        try await Documents.bornDigitalPDF("Fuzz seed 42\n你好", to: folder.url.appendingPathComponent("seed-born.pdf").path)
        seeds += try FuzzCampaign.seeds(in: [folder.path], maxBytes: 300_000)
        if Corpus.isAvailable { seeds += try FuzzCampaign.seeds(in: [Corpus.files.path], maxBytes: 300_000) }
        return seeds
    }

    @Test func everyMutantGetsAResultAndTheRunEndsNormally() async throws {
        let folder = try TemporaryFolder()
        let campaign = FuzzCampaign(mutator: Mutator(seeds: try await Self.seeds()), seed: 20_261_204, count: 300)
        let mutants = try campaign.write(to: folder.url.appendingPathComponent("in").path)
        let pipeline = try folder.write(
            """
            {"version": 1, "stages": [{"type": "decode", "params": {"max_pixels": 20000000, "max_pages": 20}}, {"type": "reject-gif"}, {"type": "tile"}, {"type": "fit"},
              {"type": "write", "params": {"formats": ["json", "payload"]}}]}
            """, to: "pipeline.json")
        let output = folder.url.appendingPathComponent("out").path
        let run = try await CLI.run(["run", pipeline, folder.url.appendingPathComponent("in").path, "-o", output, "--quiet"])
        let report = campaign.report(mutants: mutants, output: output)
        #expect([0, 1].contains(run.status), "ocr-pipeline run exited with \(run.status): \(run.stderr.suffix(500))")
        #expect(report.missing.isEmpty, "\(report.summary)")
        #expect(report.crashed.isEmpty, "\(report.summary)")
        #expect(report.codes.values.reduce(0, +) == mutants.count)
    }
}
