import Foundation
import OCRPipeline
import SyntheticImages
import VipsKit

/// The tests' synthetic images, over ``SyntheticImages``: pages of text drawn where the test
/// says, photos, and folders of them. (Every test target makes its images here.)
public enum TestImages {
    /// Dark text on a white page of the given size, the text's top-left at (x, y).
    public static func page(width: Int, height: Int, text: String = "Hello OCR", x: Int = 20, y: Int = 20, pixelHeight: Int = 28) throws -> VImage {
        try SyntheticImages.page(width: width, height: height, lines: [(text, x, y, pixelHeight)]).image
    }

    /// A camera-like photo with one text panel.
    public static func photo(width: Int, height: Int, sigma: Double = 40, text: String = "Camera text") throws -> VImage {
        try SyntheticImages.photo(width: width, height: height, seedSigma: sigma, panels: [(text, width / 10, height / 10, 60)]).image
    }

    /// A JPEG, optionally carrying an EXIF orientation (metadata kept).
    public static func jpeg(_ image: VImage, quality: Int = 90, orientation: Int? = nil) throws -> Data {
        guard let orientation else { return try image.jpegData(quality: quality) }
        return try image.setting("orientation", to: orientation).jpegData(quality: quality, stripMetadata: false)
    }

    public static func png(_ image: VImage) throws -> Data { try image.pngData() }

    /// `count` JPEGs written into `folder` as `name(index)`, each a page of `size` with the
    /// lines `lines(index)` gives (40 px from the left, one every `spacing` px from the top).
    public static func writePages(
        _ count: Int, into folder: URL, width: Int, height: Int, pixelHeight: Int, spacing: Int = 60,
        name: (Int) -> String, lines: (Int) -> [String]
    ) throws {
        for index in 0..<count {
            let file = folder.appendingPathComponent(name(index))
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let placed = lines(index).enumerated().map { ($1, 30, 30 + $0 * spacing, pixelHeight) }
            try SyntheticImages.page(width: width, height: height, lines: placed).image.jpegData(quality: 88).write(to: file)
        }
    }
}
