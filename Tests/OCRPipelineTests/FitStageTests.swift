import Foundation
import Testing
import VipsKit

@testable import OCRPipeline
@testable import TencentOCR

@Suite struct FitStageTests {
    @Test func anImageThatFitsPassesThroughByteForByte() async throws {
        let jpeg = try TestImages.jpeg(TestImages.photo(width: 800, height: 600))
        let job = try await runStages([DecodeStage(), FitStage()], on: jpeg)
        #expect(job.views.first?.payload?.bytes == jpeg)
        #expect(job[record: "views"]?.arrayValue?.first?["mode"] == "pass_through")
    }

    @Test func sidewaysOrOverBudgetImagesAreReencoded() async throws {
        let sideways = try TestImages.jpeg(TestImages.photo(width: 600, height: 800), orientation: 6)
        let job = try await runStages([DecodeStage(), FitStage()], on: sideways)
        let payload = try #require(job.views.first?.payload)
        #expect(payload.bytes != sideways)
        let reloaded = try VImage.decode(payload.bytes)
        #expect(reloaded.width == 800 && reloaded.height == 600)
        #expect(reloaded.orientation == 1)  // metadata stripped
    }

    @Test(arguments: [Transport.json, .multipart])
    func neverExceedsTheBudget(transport: Transport) async throws {
        let template = RequestTemplate.legacy(transport: transport, appid: "1252821871", bucket: "tencentyun")
        let jpeg = try TestImages.jpeg(TestImages.photo(width: 3000, height: 2000, sigma: 60), quality: 95)
        for budget in [1_500_000, 600_000, 200_000, 60_000] {
            let job = try await runStages(
                [
                    DecodeStage(),
                    FitStage().with {
                        $0.budget = budget; $0.body = RequestBody.model(template, limit: budget)
                    },
                ], on: jpeg)
            let payload = try #require(job.views.first?.payload)
            let body = try RequestBody.make(template, image: payload.bytes, format: payload.format)
            #expect(body.bytes.count <= budget, "budget \(budget)")
            #expect(payload.bodyBytes == body.bytes.count)
            let record = try #require(job[record: "views"]?.arrayValue?.first)
            #expect(record["body_bytes"]?.intValue == body.bytes.count)
            #expect((record["encodes"]?.intValue ?? 99) <= 7 + 7)
            // Quality is lowered to the floor before the image is downscaled.
            if record["scale"]?.doubleValue ?? 1 < 1 { #expect(record["quality"]?.intValue ?? 0 >= 50) }
        }
    }

    @Test func bigJPEGsShrinkWhileDecoding() async throws {
        let jpeg = try TestImages.jpeg(TestImages.photo(width: 6000, height: 4000))
        let job = try await runStages([DecodeStage(), FitStage().with { $0.maxSide = 2900 }], on: jpeg)
        let record = try #require(job[record: "views"]?.arrayValue?.first)
        #expect(record["shrink_on_load"] == 2)
        #expect(record["width"] == 2900)
        let transform = try #require(job.views.first?.transform)
        #expect(abs(transform.scaleX - 2900.0 / 6000) < 0.001)
    }

    @Test func losslessSourcesPreferPNG() async throws {
        let page = try TestImages.page(width: 1200, height: 900)
        let job = try await runStages([DecodeStage(), FitStage()], on: try page.encoded(suffix: ".tif"))
        #expect(job.views.first?.payload?.format == .png)
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func everyCorpusPayloadFitsARealBody() async throws {
        // A tight budget forces every path (pass-through, PNG, JPEG search, downscaling, tiles).
        let budget = 150_000
        let template = RequestTemplate.legacy(transport: .json, appid: "1252821871", bucket: nil)
        for name in Corpus.names(prefix: "") {
            let outcome = await result(
                [
                    DecodeStage(), RejectGIFStage(),
                    TileStage().with {
                        $0.size = 1500; $0.overlap = 100
                    },
                    FitStage().with {
                        $0.budget = budget; $0.body = RequestBody.model(template, limit: budget)
                    },
                    WriteStage().with { $0.formats = [.payload] },
                ], on: try Corpus.data(name), name: name)
            for artifact in outcome.artifacts {
                let body = try RequestBody.make(template, image: artifact.bytes, format: artifact.suffix.hasSuffix("png") ? .png : .jpeg)
                #expect(body.bytes.count <= budget, "\(name)\(artifact.suffix)")
            }
            if outcome.status == .ok { #expect(!outcome.artifacts.isEmpty, "\(name)") }
        }
    }
}
