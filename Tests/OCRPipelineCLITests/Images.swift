import Foundation
import TestSupport

/// The batches these tests run, drawn by ``TestImages``.
enum Images {
    /// Small images with a line of text each: `<subfolder>/receipt-NN.jpg`.
    static func receipts(_ count: Int, into folder: TemporaryFolder, subfolder: String = "in") throws {
        try TestImages.writePages(
            count, into: folder.url.appendingPathComponent(subfolder), width: 600, height: 120, pixelHeight: 36,
            name: { String(format: "receipt-%02d.jpg", $0) }, lines: { ["Receipt number \($0 + 1)"] })
    }

    /// Pages with a dozen lines each, slow enough (about half a second) to interrupt a batch: `in/page-NN.jpg`.
    static func pages(_ count: Int, into folder: TemporaryFolder) throws {
        try TestImages.writePages(
            count, into: folder.url.appendingPathComponent("in"), width: 1200, height: 800, pixelHeight: 32,
            name: { String(format: "page-%02d.jpg", $0) }, lines: { page in (0..<12).map { "Page \(page + 1) line \($0 + 1) with a few more words" } })
    }
}
