import Foundation
import Testing
@testable import OCRPipeline

@Suite struct TileStageTests {
    @Test func positionsCoverTheAxisWithEdgeTilesShiftedInside() {
        #expect(TileStage.positions(length: 1500, tile: 2000, overlap: 200) == [0])
        #expect(TileStage.positions(length: 16000, tile: 2000, overlap: 200) == [0, 1800, 3600, 5400, 7200, 9000, 10800, 12600, 14000])
        for length in [2001, 3599, 3600, 3601, 9999] {
            let starts = TileStage.positions(length: length, tile: 2000, overlap: 200)
            #expect(starts.last! + 2000 == length)
            #expect(starts.first == 0)
            for (a, b) in zip(starts, starts.dropFirst()) { #expect(b - a <= 1800 && b > a) }
        }
    }

    @Test func longScreenshotIsTiledIntoOneColumn() async throws {
        let page = try TestImages.page(width: 1080, height: 9000, text: "top line")
        let job = try await runStages([DecodeStage(), TileStage()], on: try TestImages.png(page))
        #expect(job.views.count == 5)
        #expect(job.views.allSatisfy { $0.region.width == 1080 && $0.region.height == 2000 && $0.image.width == 1080 })
        #expect(job.views.last?.region.maxY == 9000)
        #expect(job.views.map(\.transform.offsetY) == [0, 1800, 3600, 5400, 7000])
    }

    @Test func smallImagesStayWhole() async throws {
        let job = try await runStages([DecodeStage(), TileStage()], on: try TestImages.png(TestImages.page(width: 1200, height: 1600)))
        #expect(job.views.count == 1)
        #expect(!job.isTiled)
    }

    @Test func everyTileIsFittedToTheBudget() async throws {
        let photo = try TestImages.photo(width: 5000, height: 3000)
        let budget = 400_000
        let template = RequestTemplate.worstCase(.json)
        let job = try await runStages([DecodeStage(), TileStage(), FitStage(budget: budget, template: template)], on: try TestImages.jpeg(photo))
        #expect(job.views.count == 6)
        for view in job.views {
            let payload = try #require(view.payload)
            let body = try RequestBody.make(template, image: payload.bytes, format: payload.format)
            #expect(body.bytes.count <= budget)
            #expect(view.transform.offsetX == view.region.x && view.transform.offsetY == view.region.y)
            // The recorded transform maps the payload's corners back onto the tile's region.
            let back = view.transform.toOriginal(Box(x: 0, y: 0, width: view.image.width, height: view.image.height))
            #expect(abs(back.maxX - view.region.maxX) <= 2 && abs(back.maxY - view.region.maxY) <= 2)
        }
    }
}
