import Foundation
import Testing

@testable import OCRPipeline
@testable import TencentOCR

@Suite struct TileStageTests {
    @Test func evenSeamsCoverTheAxisWithFullSizeTiles() {
        #expect(SeamPlanner.plan(length: 1500, tile: 2000, overlap: 200, planner: nil).map(\.start) == [0])
        for length in [2001, 3599, 3600, 3601, 9999, 16000] {
            let plan = SeamPlanner.plan(length: length, tile: 2000, overlap: 200, planner: nil)
            #expect(plan.first?.start == 0 && plan.last!.start + 2000 == length)
            // Cores partition the axis, and each tile reaches half the overlap past its core.
            #expect(plan.first?.core.lowerBound == 0 && plan.last?.core.upperBound == length)
            for (a, b) in zip(plan, plan.dropFirst()) { #expect(a.core.upperBound == b.core.lowerBound) }
            for (index, tile) in plan.enumerated() {
                if index > 0 { #expect(tile.core.lowerBound - tile.start >= 100) }
                if index < plan.count - 1 { #expect(tile.start + 2000 - tile.core.upperBound >= 100) }
            }
        }
    }

    @Test func contentSeamsFallInTheQuietestPlaceTheyMay() {
        // A profile with text everywhere but a gap at 3200–3240 (at full scale): one of the two
        // seams must land in it.
        var profile = [Double](repeating: 50, count: 5000)
        for x in 3200..<3240 { profile[x] = 0 }
        let plan = SeamPlanner.plan(length: 5000, tile: 2000, overlap: 200, planner: SeamPlanner(profile: profile, scale: 1))
        #expect(plan.count == 3)
        #expect(plan.contains { (3200..<3240).contains($0.core.lowerBound) })
        for (a, b) in zip(plan, plan.dropFirst()) { #expect(a.core.upperBound == b.core.lowerBound) }
    }

    @Test func longScreenshotIsTiledIntoOneColumn() async throws {
        let page = try TestImages.page(width: 1080, height: 9000, text: "top line")
        let job = try await runStages([DecodeStage(), TileStage()], on: try TestImages.png(page))
        #expect(job.views.count == 5)
        #expect(job.views.allSatisfy { $0.region.width == 1080 && $0.region.height == 2000 && $0.image.width == 1080 })
        #expect(job.views.last?.region.maxY == 9000)
        #expect(job.views.first?.region.y == 0 && job.views.last?.region.maxY == 9000)
        #expect(job.views.map(\.core.height).reduce(0, +) == 9000)
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
        let job = try await runStages(
            [
                DecodeStage(), TileStage(),
                FitStage().with {
                    $0.budget = budget; $0.body = RequestBody.model(template, limit: budget)
                },
            ], on: try TestImages.jpeg(photo))
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
