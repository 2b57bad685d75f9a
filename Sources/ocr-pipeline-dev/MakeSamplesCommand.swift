import ArgumentParser
import DocumentKit
import Foundation
import SyntheticImages
import VipsKit

/// Renders the images in `samples/` (committed, but reproducible with this command).
struct MakeSamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make-samples", abstract: "Renders the sample images into a folder.")

    @Argument(help: "Output folder.") var folder = "samples"

    func run() async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for sample in Samples.all {
            let data = try sample.render()
            try data.write(to: URL(fileURLWithPath: folder).appendingPathComponent(sample.name))
            print("\(sample.name): \(data.count) bytes")
        }
    }
}

/// The project's own sample images.
enum Samples {
    struct Sample {
        var name: String
        var render: @Sendable () throws -> Data
    }

    static let all: [Sample] = [
        Sample(name: "scanned-letter.pdf") {
            // A two-page letter as a scanner makes it: a PDF of grey JPEG pages at 150 dpi, no text.
            let pages = [
                [
                    "Harbour Books Ltd", "12 Quay Street, Bristol", "17 January 2024", "Dear customer,",
                    "Your order 2024-0117 has been shipped.", "The archival boxes arrive in two parcels.",
                ],
                ["Returns are accepted within 30 days.", "Please keep this letter with your invoice.", "感谢您的订购。", "Yours sincerely,", "The shipping team"],
            ]
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocr-pipeline-sample-\(UUID().uuidString).pdf").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let writer = try ImagePDFWriter(path: folder)
            for lines in pages {
                let page = try SyntheticImages.page(
                    width: 1240, height: 1754,
                    lines: lines.enumerated().map { ($1, 150, 180 + $0 * 110, $1.unicodeScalars.contains { $0.value > 0x2E80 } ? 40 : 34) })
                let jpeg = try page.image.colourspace(.grey).jpegData(quality: 80)
                try writer.addPage(width: 1240 * 72 / 150, height: 1754 * 72 / 150, image: .jpeg(jpeg, width: 1240, height: 1754, components: 1), lines: [])
            }
            try writer.finish()
            return try Data(contentsOf: URL(fileURLWithPath: folder))
        },
        Sample(name: "camera-photo-exif6.jpg") {
            // A 12-megapixel phone photo of notices, held sideways: the pixels are stored
            // rotated and EXIF orientation 6 says "turn 90° clockwise to view".
            let rendered = try SyntheticImages.photo(
                width: 4032, height: 3024, seedSigma: 25,
                panels: [
                    ("Platform 4 closed for repairs", 300, 400, 90),
                    ("Use the east entrance", 300, 620, 70),
                    ("Replacement bus from platform 2", 1700, 1500, 80),
                    ("Opening hours 06:00 - 23:30", 2200, 2300, 60),
                ])
            return try rendered.image.rotated(clockwise: 270).setting("orientation", to: 6).jpegData(quality: 88, stripMetadata: false)
        },
        Sample(name: "long-screenshot.png") {
            // A 1080-wide phone screenshot 13,500 px tall, too long to send whole legibly.
            let rendered = try SyntheticImages.screenshot(lineCount: 110, pitch: 120, pixelHeight: 38) { index in
                index % 3 == 2 ? "第\(index + 1)条消息：明天上午十点开会" : "Message \(index + 1): see you at the station"
            }
            return try rendered.image.pngData(compression: 9)
        },
        Sample(name: "document.png") {
            // A small A5 page at 150 dpi that already fits and is sent as it is.
            var lines: [(String, Int, Int, Int)] = [("Invoice 2024-0117", 90, 90, 44)]
            let body = [
                "Customer: Harbour Books Ltd", "Date: 17 January 2024", "Item: 12 x archival boxes",
                "Unit price: 4.50 EUR", "Total: 54.00 EUR", "发票号码：20240117", "Thank you for your order.",
            ]
            for (index, text) in body.enumerated() { lines.append((text, 90, 220 + index * 80, text.unicodeScalars.contains { $0.value > 0x2E80 } ? 36 : 30)) }
            return try SyntheticImages.page(width: 874, height: 1240, lines: lines).image.colourspace(.grey).pngData(compression: 9)
        },
    ]
}
