import ArgumentParser
import Foundation
import SyntheticImages

/// Writes the recognition benchmark's inputs: an A4 page at 300 dpi (with its text in
/// a4-300dpi.gt.txt) and 20 small images.
struct MakeBenchTextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make-bench-text", abstract: "Writes a4-300dpi.png and small/*.png for bench/tesseract.py.")

    @Argument var folder: String

    static let sentences = [
        "The quarterly figures show steady growth in every region we serve.",
        "Shipping times fell by two days after the new warehouse opened.",
        "请在本周五之前提交所有报销单据，逾期将顺延至下月处理。",
        "Customer satisfaction rose to 92 percent, up from 88 last year.",
        "会议纪要已上传至共享文件夹，请各部门负责人查阅。",
    ]

    func run() async throws {
        try FileManager.default.createDirectory(atPath: "\(folder)/small", withIntermediateDirectories: true)
        // A4 at 300 dpi: 2480×3508, 11 pt text (about 46 px) on 60 lines in two blocks.
        var lines: [(String, Int, Int, Int)] = [("Annual report 2024", 220, 200, 80)]
        for index in 0..<56 { lines.append((Self.sentences[index % Self.sentences.count], 220, 380 + index * 54, 34)) }
        let page = try SyntheticImages.page(width: 2480, height: 3508, lines: lines)
        try page.image.colourspace(.grey).pngData().write(to: URL(fileURLWithPath: "\(folder)/a4-300dpi.png"))
        try Data(page.lines.map { $0.text + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: "\(folder)/a4-300dpi.gt.txt"))
        for index in 0..<20 {
            let small = try SyntheticImages.page(
                width: 900, height: 160,
                lines: [
                    ("Receipt \(1000 + index)", 30, 20, 40), (Self.sentences[index % Self.sentences.count].prefix(24).description, 30, 90, 30),
                ])
            try small.image.jpegData(quality: 90).write(to: URL(fileURLWithPath: String(format: "%@/small/receipt-%02d.jpg", folder, index)))
        }
    }
}
