import Foundation
import SyntheticImages
import VipsKit

/// Small images with a line of text each, for batch runs.
enum Images {
    static func receipts(_ count: Int, into folder: TemporaryFolder, subfolder: String = "in") throws {
        for index in 0..<count {
            let page = try SyntheticImages.page(width: 600, height: 120, lines: [("Receipt number \(index + 1)", 20, 30, 36)])
            try folder.write(try page.image.jpegData(quality: 85), to: String(format: "%@/receipt-%02d.jpg", subfolder, index))
        }
    }

    /// Pages with a dozen lines each: slow enough (about half a second) to interrupt a batch.
    static func pages(_ count: Int, into folder: TemporaryFolder) throws {
        for index in 0..<count {
            let lines = (0..<12).map { ("Page \(index + 1) line \($0 + 1) with a few more words", 40, 40 + $0 * 60, 32) }
            let page = try SyntheticImages.page(width: 1200, height: 800, lines: lines)
            try folder.write(try page.image.jpegData(quality: 85), to: String(format: "in/page-%02d.jpg", index))
        }
    }
}
