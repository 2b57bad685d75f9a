import Foundation
import Testing
import VipsKit

@testable import OCRPipeline

@Suite struct OrientationTests {
    /// Mean absolute difference per band value between two images shrunk to 64×64 grey.
    static func difference(_ a: VImage, _ b: VImage) throws -> Double {
        func tiny(_ image: VImage) throws -> [UInt8] {
            let grey = try image.colourspace(.grey)
            return [UInt8](try grey.resized(horizontal: 64 / Double(grey.width), vertical: 64 / Double(grey.height)).pixelBytes())
        }
        let x = try tiny(a), y = try tiny(b)
        #expect(x.count == y.count)
        return zip(x, y).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(x.count)
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage), arguments: 2...8)
    func everyEXIFOrientationEndsUpLikeOrientation1(orientation: Int) async throws {
        let reference = try await runStages([DecodeStage()], on: Corpus.data("o_recurser_Landscape_1.jpg")).upright!
        let job = try await runStages([DecodeStage()], on: Corpus.data("o_recurser_Landscape_\(orientation).jpg"))
        let upright = try #require(job.upright)
        #expect(job.source.orientation.rawValue == orientation)
        #expect(upright.size == reference.size)
        let wrong = try Self.difference(reference.image, try upright.image.rotated(clockwise: 180))
        let diff = try Self.difference(reference.image, upright.image)
        #expect(diff < 6, "orientation \(orientation) differs from upright by \(diff)")
        #expect(diff * 3 < wrong)
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func heicIsNotRotatedTwice() async throws {
        // iPhone XS: irot box plus EXIF 6, libheif already turned it upright.
        let xs = try await runStages([DecodeStage()], on: Corpus.data("o_libvips_heic_iphoneXS_irot_exif6.heic"))
        #expect(xs.upright?.size == PixelSize(width: 3024, height: 4032))
        #expect(xs.upright?.orientation == .upright)
        // iPhone 7 Plus file: EXIF 6 and no irot, so the EXIF rotation is still needed.
        let seven = try await runStages([DecodeStage()], on: Corpus.data("o_libvips_heic_iphone7plus_exif6.heic"))
        #expect(seven.upright?.orientation.rawValue == 6)
        #expect(seven.upright?.size == PixelSize(width: 3024, height: 4032))
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipMessage))
    func readsOrientationFromPNGRawProfileAndWebP() async throws {
        let png = try await runStages([DecodeStage()], on: Corpus.data("o_pillow_exif_orientation3.png"))
        #expect(png.source.orientation.rawValue == 3)
        let webp = try await runStages([DecodeStage()], on: Corpus.data("o_pillow_hopper_orientation6.webp"))
        #expect(webp.source.orientation.rawValue == 6)
    }

    @Test func generatedSidewaysJPEGIsTurnedUpright() async throws {
        // Text drawn upright, then stored rotated 90° anticlockwise with EXIF 6 ("rotate 90° CW to view").
        let upright = try TestImages.page(width: 400, height: 200, text: "UP", x: 10, y: 10)
        let stored = try upright.rotated(clockwise: 270)
        let job = try await runStages([DecodeStage()], on: TestImages.jpeg(stored, orientation: 6))
        #expect(job.upright?.size == PixelSize(width: 400, height: 200))
        #expect(try Self.difference(upright, job.upright!.image) < 3)
    }

    @Test(arguments: 1...8)
    func storedBoxInvertsTheUprightMapping(raw: Int) throws {
        // A marker at a known stored position must land where the upright image shows it.
        let orientation = Orientation(rawValue: raw)
        let stored = PixelSize(width: 300, height: 200)
        let marker = Box(x: 30, y: 20, width: 40, height: 10)
        var image = try VImage.black(width: stored.width, height: stored.height).copiedToMemory()
        try image.draw(rectangle: .init(x: marker.x, y: marker.y, width: marker.width, height: marker.height), red: 255, green: 255, blue: 255, fill: true)
        if orientation.clockwiseRotation != 0 { image = try image.rotated(clockwise: orientation.clockwiseRotation) }
        if orientation.mirrored { image = try image.flippedHorizontally() }
        let pixels = [UInt8](try image.pixelBytes())
        var found: Box?
        for y in 0..<image.height {
            for x in 0..<image.width where pixels[y * image.width + x] > 128 {
                found = found.map { $0.union(Box(x: x, y: y, width: 1, height: 1)) } ?? Box(x: x, y: y, width: 1, height: 1)
            }
        }
        let upright = try #require(found)
        #expect(orientation.storedBox(forUpright: upright, storedSize: stored) == marker)
    }
}
