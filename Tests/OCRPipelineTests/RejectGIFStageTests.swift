import Foundation
import Testing

@testable import OCRPipeline

@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipMessage)) struct RejectGIFStageTests {
    @Test(arguments: [
        "g_libvips_cogs_animated.gif", "g_pillow_iss634_animated.gif", "g_pillow_iss634_animated.webp",
        "g_pillow_iss634_animated.apng", "g_pillow_star_animated.avifs",
    ])
    func animationsAreRefused(name: String) async throws {
        let outcome = await result([DecodeStage(), RejectGIFStage(), FitStage()], on: try Corpus.data(name), name: name)
        #expect(outcome.failure?.code == "animated_image")
        #expect(outcome.failure?.message.contains("does not accept animations") == true)
    }

    @Test func staticGIFIsConvertedToPNGByDefault() async throws {
        let job = try await runStages([DecodeStage(), RejectGIFStage(), FitStage()], on: Corpus.data("t1_pytess_test_static.gif"))
        #expect(job.views.first?.payload?.format == .png)
        #expect(job.views.first?.payload?.bytes.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func staticGIFIsRefusedWhenAsked() async throws {
        let outcome = await result([DecodeStage(), RejectGIFStage().with { $0.staticGIF = .reject }], on: try Corpus.data("g_libvips_trans-x_static.gif"))
        #expect(outcome.failure?.code == "gif_refused")
    }

    @Test func firstFrameOfAnimationWhenAsked() async throws {
        let job = try await runStages(
            [DecodeStage(), RejectGIFStage().with { $0.animations = .firstFrame }, FitStage()], on: Corpus.data("g_pillow_iss634_animated.gif"))
        #expect(job.views.first?.payload?.format == .png)
        #expect(job.upright?.size == PixelSize(width: 245, height: 245))
    }
}
