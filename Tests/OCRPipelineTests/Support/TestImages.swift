import Foundation
import OCRPipeline
import VipsKit

/// Images generated for tests, with known content and size.
enum TestImages {
    /// Black text on a white page of the given size, the text's top-left at (x, y).
    static func page(width: Int, height: Int, text: String = "Hello OCR", x: Int = 20, y: Int = 20, font: String = "DejaVu Sans 28") throws -> VImage {
        let ink = try VImage.text(text, font: font)
        let page = try VImage.black(width: width, height: height).linear(1, 255)
        return try page.inserting(try ink.inverted(), x: x, y: y)
    }

    /// An sRGB photo-like image: smooth noise (compresses like a camera photo) with text.
    static func photo(width: Int, height: Int, sigma: Double = 40, text: String = "Camera text") throws -> VImage {
        let channel = try VImage.noise(width: width, height: height, mean: 128, sigma: sigma).gaussianBlurred(sigma: 1.2).cast(to: .uchar, shift: false)
        let rgb = try channel.joiningBands(channel.linear(0.8, 20)).joiningBands(channel.linear(0.6, 60))
        let srgb = try rgb.copiedToMemory()
        let ink = try VImage.text(text, font: "DejaVu Sans Bold 60").inverted()
        let three = try ink.joiningBands(ink).joiningBands(ink)
        return try srgb.inserting(three, x: width / 10, y: height / 10)
    }

    static func jpeg(_ image: VImage, quality: Int = 90, orientation: Int? = nil) throws -> Data {
        guard let orientation else { return try image.jpegData(quality: quality) }
        return try image.setting("orientation", to: orientation).jpegData(quality: quality, stripMetadata: false)
    }

    static func png(_ image: VImage) throws -> Data { try image.pngData() }
}
