import Foundation
import OCRPipeline
import SyntheticImages
import VipsKit

/// Shorthands over ``SyntheticImages`` for tests that need an image and not its text layout.
enum TestImages {
    /// Dark text on a white page of the given size, the text's top-left at (x, y).
    static func page(width: Int, height: Int, text: String = "Hello OCR", x: Int = 20, y: Int = 20, pixelHeight: Int = 28) throws -> VImage {
        try SyntheticImages.page(width: width, height: height, lines: [(text, x, y, pixelHeight)]).image
    }

    /// A camera-like photo with one text panel.
    static func photo(width: Int, height: Int, sigma: Double = 40, text: String = "Camera text") throws -> VImage {
        try SyntheticImages.photo(width: width, height: height, seedSigma: sigma, panels: [(text, width / 10, height / 10, 60)]).image
    }

    /// A JPEG, optionally carrying an EXIF orientation (metadata kept).
    static func jpeg(_ image: VImage, quality: Int = 90, orientation: Int? = nil) throws -> Data {
        guard let orientation else { return try image.jpegData(quality: quality) }
        return try image.setting("orientation", to: orientation).jpegData(quality: quality, stripMetadata: false)
    }

    static func png(_ image: VImage) throws -> Data { try image.pngData() }
}
