import Foundation
import Testing
import VipsKit

@testable import OCRPipeline

@Suite struct DecodeStageTests {
    static let colourCases = [
        "f_sharp_cmyk_canon.jpg", "f_libvips_16bit.png", "f_pillow_palette_trns.png", "f_sharp_webp_alpha.webp",
        "f_pillow_progressive_bigicc.jpg", "f_ljt_arithmetic.jpg", "t1_pytess_test_la.png", "tc_icon_ocr_common09.png",
        "t1_tess_phototest.tif", "f_libvips_small.bmp", "f_libvips_world.jp2",
    ]

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage), arguments: colourCases)
    func everyColourModelComesOutAs8BitOpaqueSRGBOrGrey(name: String) async throws {
        let job = try await runStages([DecodeStage()], on: Corpus.data(name), name: name)
        let image = try #require(job.upright).image
        #expect(image.bandFormat == .uchar)
        #expect(image.bands == 3 || image.bands == 1)
        #expect(!image.hasAlpha)
        #expect([Interpretation.srgb, .bw].contains(image.interpretation))
        _ = try image.average()  // every pixel decodes
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func cmykColoursSurviveConversion() async throws {
        let job = try await runStages([DecodeStage()], on: Corpus.data("f_sharp_cmyk_canon.jpg"))
        #expect(job.upright?.normalisation.colour == .iccToSRGB)
        // A CMYK file read as if it were RGB comes out inverted and dark; converted, the photo's mean is mid-grey.
        let mean = try #require(job.upright).image.average()
        #expect(mean > 70 && mean < 190)
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func textOnTransparencyStaysReadable() async throws {
        for (name, expectBackground) in [("t2_rapidocr_black_text_transparent.png", 255.0), ("t2_rapidocr_white_text_transparent.png", 0.0)] {
            let job = try await runStages([DecodeStage()], on: Corpus.data(name))
            let upright = try #require(job.upright)
            #expect(upright.normalisation.flattenOnto == expectBackground, "\(name)")
            // Text must contrast with the background: the image is neither blank white nor blank black.
            let mean = try upright.image.average()
            #expect(abs(mean - expectBackground) > 3 && abs(mean - expectBackground) < 60, "\(name): mean \(mean)")
        }
    }

    static let badFiles: [(String, String)] = [
        ("x_libvips_truncated.jpg", "truncated_image"),
        ("x_sharp_corrupt-header.jpg", "truncated_image"),
        ("x_sharp_truncated.png", "truncated_image"),
        ("x_pillow_broken.png", "corrupt_image"),
        ("x_libvips_truncated.gif", "truncated_image"),
        ("x_pillow_decompression_bomb.gif", "impossible_size"),
        ("f_ljt_12bit.jpg", "decoder_unavailable"),
        ("L_libvips_16x17000.avif", "decoder_limit"),
    ]

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage), arguments: badFiles)
    func damagedFilesFailAloneWithAClearMessage(name: String, code: String) async throws {
        let outcome = await result([DecodeStage(), RejectGIFStage(), FitStage()], on: try Corpus.data(name), name: name)
        #expect(outcome.status == .failed)
        #expect(outcome.failure?.code == code)
        let message = try #require(outcome.failure?.message)
        #expect(message.hasPrefix("\(name): "))
        #expect(message.contains("Fix: "))
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func corruptEXIFDoesNotCrash() async throws {
        let outcome = await result([DecodeStage(), FitStage()], on: try Corpus.data("x_pillow_bad_exif.jpg"))
        #expect(outcome.status == .ok)
    }

    @Test(
        .enabled(if: Corpus.isAvailable, Corpus.skipMessage),
        arguments: ["L_sharp_giant_20000x14000.jpg", "L_sharp_65536x65536_uint32.png", "L_libvips_16383x16383.png", "L_libvips_17000x17000.avif"])
    func giantsAreRefusedFromTheHeader(name: String) async throws {
        // That no pixel memory is allocated is measured on a process of its own, in
        // OCRPipelineCLITests: libvips' memory counter is shared by the tests running alongside.
        let outcome = await result([DecodeStage(), FitStage()], on: try Corpus.data(name), name: name)
        #expect(outcome.failure?.code == "too_many_pixels")
        #expect(outcome.failure?.message.contains("max_pixels") == true)
    }

    @Test func guardUsesTheConfiguredLimit() async throws {
        let png = try TestImages.png(TestImages.page(width: 1000, height: 1000))
        #expect(await failureCode([DecodeStage().with { $0.maxPixels = 999_999 }], on: png) == "too_many_pixels")
        #expect(await failureCode([DecodeStage().with { $0.maxPixels = 1_000_000 }], on: png) == nil)
    }

    @Test func emptyAndUnknownFilesFailWithTypedErrors() async {
        #expect(await failureCode([DecodeStage()], on: Data()) == "empty_file")
        #expect(await failureCode([DecodeStage()], on: Data("just some text, not an image".utf8)) == "unknown_format")
        #expect(await failureCode([DecodeStage()], on: Data("8BPS\u{0}\u{1}....".utf8)) == "unsupported_format")
        #expect(await failureCode([DecodeStage()], on: Data("%PDF-1.4\n...".utf8)) == "truncated_image")  // no %%EOF
    }
}

/// The failure code of running `stages` on `data` through the runner.
func failureCode(_ stages: [any Stage], on data: Data) async -> String? {
    await result(stages, on: data).failure?.code
}
