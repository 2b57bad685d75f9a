import Foundation
import SyntheticImages
import VipsKit

/// PDFs and multi-page TIFFs made at test time, with the real tools users have (Debian's
/// img2pdf, qpdf, pango-view) and checked with poppler's own (pdftotext, pdfinfo, pdfimages,
/// pdffonts): no document from elsewhere is committed. The tools run off the cooperative pool,
/// which servers under test in the same process need.
public enum Documents {
    /// A command-line tool's standard output; throws with its standard error when it fails.
    @discardableResult
    public static func tool(_ name: String, _ arguments: [String]) async throws -> Data {
        try await offCooperativePool { try runTool(name, arguments) }
    }

    private static func runTool(_ name: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = Recorder<Data>()
        let reader = Thread { errors.append(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errors.values.isEmpty { Thread.sleep(forTimeInterval: 0.005) }
        guard process.terminationStatus == 0 || (name == "qpdf" && process.terminationStatus == 3) else {
            throw ToolFailed(description: "\(name) \(arguments.joined(separator: " ")): \(String(decoding: errors.values[0], as: UTF8.self))")
        }
        return output
    }

    public struct ToolFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// A page of dark text lines on white, `lines` of (text, pixel height), one under another.
    public static func page(_ lines: [String], width: Int = 1240, lineHeight: Int = 40, top: Int = 120) throws -> SyntheticImages.Rendered {
        try SyntheticImages.page(
            width: width, height: top * 2 + lines.count * lineHeight * 2,
            lines: lines.enumerated().map { ($1, 100, top + $0 * lineHeight * 2, lineHeight) })
    }

    /// A PDF of scanned pages (img2pdf embeds each JPEG as it is, at `dpi`), written to `path`.
    public static func scannedPDF(_ pages: [VImage], dpi: Int = 150, to path: String) async throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var files: [String] = []
        for (index, page) in pages.enumerated() {
            let file = folder.appendingPathComponent(".page-\(UUID().uuidString)-\(index).jpg").path
            try page.jpegData(quality: 90).write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        try await tool("img2pdf", ["--imgsize", "\(dpi)dpi"] + files + ["-o", path])
    }

    /// A born-digital PDF (text drawn with real, embedded fonts by pango through cairo).
    public static func bornDigitalPDF(_ text: String, to path: String) async throws {
        let source = path + ".txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: source))
        defer { try? FileManager.default.removeItem(atPath: source) }
        try await tool("pango-view", ["--font=DejaVu Sans 14", "-q", "--output=\(path)", source])
    }

    /// A multi-page TIFF of same-sized pages (libvips writes one page per `page-height` rows).
    public static func multiPageTIFF(_ pages: [VImage]) throws -> Data {
        guard let first = pages.first else { return Data() }
        var stacked = try VImage.black(width: first.width, height: first.height * pages.count, bands: first.bands)
        for (index, page) in pages.enumerated() { stacked = try stacked.inserting(page, x: 0, y: index * first.height) }
        return try stacked.copiedToMemory().setting("page-height", to: first.height).encoded(suffix: ".tif[compression=deflate]")
    }

    /// The text `pdftotext` extracts (pages ended by form feeds).
    public static func text(ofPDF path: String) async throws -> String {
        String(decoding: try await tool("pdftotext", ["-enc", "UTF-8", path, "-"]), as: UTF8.self)
    }

    /// A word as `pdftotext -bbox` reports it: its box in points, origin at the page's top-left.
    public struct Word: Sendable, Hashable {
        public var text: String
        public var xMin: Double, yMin: Double, xMax: Double, yMax: Double
    }

    /// The words `pdftotext -bbox` finds on each page.
    public static func words(ofPDF path: String) async throws -> [[Word]] {
        let xml = String(decoding: try await tool("pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"]), as: UTF8.self)
        var pages: [[Word]] = []
        for line in xml.split(separator: "\n") {
            if line.contains("<page ") { pages.append([]) }
            guard line.contains("<word "), let close = line.range(of: "\">"), let end = line.range(of: "</word>") else { continue }
            func value(_ key: String) -> Double {
                guard let start = line.range(of: "\(key)=\"") else { return .nan }
                return Double(line[start.upperBound...].prefix { $0 != "\"" }) ?? .nan
            }
            let text = String(line[close.upperBound..<end.lowerBound])
            pages[pages.count - 1].append(Word(text: text, xMin: value("xMin"), yMin: value("yMin"), xMax: value("xMax"), yMax: value("yMax")))
        }
        return pages
    }

    /// The images `pdfimages -list` finds: page, size, encoding and bytes of each (not the
    /// object number, which a rewritten file may change).
    public static func images(ofPDF path: String) async throws -> [String] {
        let listing = String(decoding: try await tool("pdfimages", ["-list", path]), as: UTF8.self)
        return listing.split(separator: "\n").dropFirst(2).map { line in
            let columns = line.split(separator: " ")
            return (columns.prefix(10) + columns.suffix(3).prefix(1)).joined(separator: " ")
        }
    }

    /// Character error rate of `text` against `truth`, ignoring whitespace and punctuation.
    public static func characterErrorRate(_ text: String, _ truth: String) -> Double {
        func normal(_ s: String) -> [Character] { s.filter { !$0.isWhitespace && !$0.isPunctuation && !$0.isSymbol } }
        let a = normal(text), b = normal(truth)
        guard !b.isEmpty else { return a.isEmpty ? 0 : 1 }
        var previous = Array(0...a.count)
        for (j, cb) in b.enumerated() {
            var current = [j + 1] + Array(repeating: 0, count: a.count)
            for (i, ca) in a.enumerated() { current[i + 1] = min(previous[i + 1] + 1, current[i] + 1, previous[i] + (ca == cb ? 0 : 1)) }
            previous = current
        }
        return Double(previous[a.count]) / Double(b.count)
    }
}
