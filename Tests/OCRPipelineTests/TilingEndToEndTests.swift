import Foundation
import PaddleOCR
import SyntheticImages
import TesseractOCR
import Testing
import VipsKit

@testable import OCRPipeline

/// The big generated images: every line found exactly once, where it was drawn.
@Suite struct TilingEndToEndTests {
    /// Tesseract's tiles are merged as text; ppocr reads the tiles together (``TileAwareEngine``).
    static func stages(_ engine: String) -> [any Stage] {
        let recognize =
            engine == "ppocr"
            ? RecognizeStage(engineName: "ppocr", engine: PPOCRRecognizer().with { $0.threads = 2 })
            : RecognizeStage(engineName: "tesseract", engine: TesseractRecognizer())
        return [
            DecodeStage(),
            TileStage().with {
                $0.size = 2000; $0.overlap = 200
            }, FitStage(), recognize, MergeStage(),
        ]
    }

    static func checkEveryLineOnce(_ items: [OCRItem], _ drawn: [SyntheticImages.PlacedLine], tolerance: Int = 6) {
        #expect(items.count == drawn.count, "\(items.count) items for \(drawn.count) lines")
        for line in drawn {
            let matches = items.filter { $0.itemstring == line.text }
            #expect(matches.count == 1, "\"\(line.text)\" found \(matches.count) times")
            guard let item = matches.first else { continue }
            let box = item.itemcoord
            #expect(
                abs(box.x - line.box.x) <= tolerance && abs(box.y - line.box.y) <= tolerance
                    && abs(box.maxX - (line.box.x + line.box.width)) <= tolerance && abs(box.maxY - (line.box.y + line.box.height)) <= tolerance,
                "\"\(line.text)\" at \(box), drawn at \(line.box)")
        }
    }

    @Test(arguments: ["tesseract", "ppocr"])
    func longPhoneScreenshot(engine: String) async throws {
        // 1080×16000 with 130 lines at a 120 px pitch; tile seams at 1800, 3600, ... cross the gaps and lines alike.
        let screenshot = try SyntheticImages.screenshot(lineCount: 131, pitch: 120, pixelHeight: 36, top: 200) { "Line \($0 + 1) of the thread, all good" }
        #expect(screenshot.image.height >= 16000)
        let job = try await runStages(Self.stages(engine), on: try screenshot.image.pngData(compression: 1))
        #expect(job.views.count >= 8)
        Self.checkEveryLineOnce(job.items, screenshot.lines)
        #expect(job.items.map(\.itemstring) == screenshot.lines.map(\.text))  // reading order
    }

    @Test(arguments: ["tesseract", "ppocr"])
    func fiftyMegapixelPhotoWithPanelsCrossingTileBorders(engine: String) async throws {
        // 8700×6000 in 2000 px tiles: five columns, four rows. The short panels cross where even
        // seams would fall (x 1740, 3480, 5220, 6960), so content-aware seams move around them;
        // the long announcement spans every place the first seam may go, so it is cut and joined.
        let panels: [(String, Int, Int, Int)] = [
            ("Gate B12 boarding", 1500, 700, 60),
            ("Flight 4417 to Lisbon", 3300, 1500, 60),
            ("Delayed 40 minutes", 6700, 3200, 60),
            ("Baggage claim 7", 400, 4700, 60),
            ("Exit to trains", 7400, 5500, 60),
            ("Passengers for the night train to Porto please wait at the far end", 500, 2600, 60),
        ]
        let photo = try SyntheticImages.photo(width: 8700, height: 6000, smooth: true, panels: panels)
        let job = try await runStages(Self.stages(engine), on: try photo.image.jpegData(quality: 90))
        #expect(job.isTiled)
        Self.checkEveryLineOnce(job.items, photo.lines, tolerance: 8)
        if engine == "ppocr" {
            #expect(job.tilesReadTogether)
        } else {
            #expect(job.records.last?.decisions["cut_lines_joined"]?.intValue ?? 0 >= 1)
        }
    }
}
