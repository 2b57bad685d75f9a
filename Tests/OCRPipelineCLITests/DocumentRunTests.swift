import Foundation
import Testing

/// `ocr-pipeline run` on documents, as users run it: a folder holding PDFs and a multi-page
/// TIFF is read page by page over the workers, a run killed midway is finished by a rerun that
/// reads only the pages missing, and hostile documents fail alone.
@Suite(.serialized) struct DocumentRunTests {
    static let pipeline = """
        {"version": 1, "stages": [{"type": "decode"}, {"type": "tile"}, {"type": "recognize", "params": {"engine": "ppocr", "threads": 1}},
                                  {"type": "merge"}, {"type": "write", "params": {"formats": ["json", "txt", "pdf", "hocr"]}}]}
        """

    static func pageLines(_ number: Int) -> [String] { ["Page \(number) of the report", "Reference \(4400 + number) approved"] }

    static func scannedPDF(pages: Int, in folder: TemporaryFolder, name: String = "in/report.pdf") async throws -> String {
        let path = folder.url.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try await Documents.scannedPDF(try (1...pages).map { try Documents.page(Self.pageLines($0)).image }, dpi: 150, to: path)
        return path
    }

    static func events(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func aDocumentsPagesAreSpreadOverTheWorkersAndItsFilesKeepItsPages() async throws {
        let folder = try TemporaryFolder()
        let pdf = try await Self.scannedPDF(pages: 6, in: folder)
        let tiff = try Documents.multiPageTIFF(try (1...2).map { try Documents.page(Self.pageLines(10 + $0)).image })
        try folder.write(tiff, to: "in/fax.tif")
        let pipeline = try folder.write(Self.pipeline, to: "p.json")
        let out = "\(folder.path)/out"
        let run = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", out, "-j", "2", "--events"])
        #expect(run.status == 0, "\(run.stderr)")
        let events = try Self.events(run.stdout)
        #expect(events.first?["workers"] as? Int == 2)
        let started = events.filter { $0["event"] as? String == "document_started" }
        #expect(Set(started.compactMap { $0["rel"] as? String }) == ["report.pdf", "fax.tif"])
        let pages = events.filter { $0["event"] as? String == "page_finished" }
        #expect(pages.count == 8)
        // Both workers read pages at once: the pages' times add up to more than the whole run.
        let pageSeconds = pages.compactMap { $0["seconds"] as? Double }.reduce(0, +)
        let runSeconds = try #require(events.last?["seconds"] as? Double)
        #expect(pageSeconds > runSeconds, "pages took \(pageSeconds) s in all within a run of \(runSeconds) s")
        #expect(events.last?["pages"] as? Int == 8)

        let text = try String(contentsOfFile: "\(out)/report.pdf.txt", encoding: .utf8)
        #expect(text == (1...6).map { Self.pageLines($0).map { $0 + "\n" }.joined() + "\u{0C}" }.joined())
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.ocrp-pages/report.pdf"), "the pages kept while the document was read are gone")

        // The searchable PDF: the input's pages, sizes and images, its text where it was read,
        // and little more than the input.
        let output = "\(out)/report.pdf.pdf"
        let info = String(decoding: try await Documents.tool("pdfinfo", [output]), as: UTF8.self)
        let original = String(decoding: try await Documents.tool("pdfinfo", [pdf]), as: UTF8.self)
        func line(_ key: String, _ text: String) -> String? { text.split(separator: "\n").first { $0.hasPrefix(key) }.map(String.init) }
        #expect(line("Pages:", info) == line("Pages:", original) && line("Page size:", info) == line("Page size:", original))
        let (shown, given) = (try await Documents.images(ofPDF: output), try await Documents.images(ofPDF: pdf))
        #expect(shown == given)
        #expect(Documents.characterErrorRate(try await Documents.text(ofPDF: output), text) <= 0.02)
        let growth =
            (try FileManager.default.attributesOfItem(atPath: output)[.size] as! Int) - (try FileManager.default.attributesOfItem(atPath: pdf)[.size] as! Int)
        #expect(growth < 20_000, "the layer of 6 pages took \(growth) bytes")
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/report.pdf.json"))) as! [String: Any]
        let third = (result["pages"] as! [[String: Any]])[2]
        let item = ((third["data"] as! [String: Any])["items"] as! [[String: Any]])[0]
        let box = item["itemcoord"] as! [String: Int]
        let word = try #require(try await Documents.words(ofPDF: output)[2].first { $0.text == "Page" })
        #expect(abs(word.xMin - Double(box["x"]!) * 72 / 150) < 3 && abs(word.yMin - Double(box["y"]!) * 72 / 150) < 3, "\(word) vs \(box)")
        let hocr = try String(contentsOfFile: "\(out)/fax.tif.hocr", encoding: .utf8)
        #expect(hocr.components(separatedBy: "class=\"ocr_page\"").count == 3)
    }

    @Test func aKilledRunIsFinishedByARerunThatReadsOnlyTheMissingPages() async throws {
        let folder = try TemporaryFolder()
        try await Self.scannedPDF(pages: 6, in: folder)
        let pipeline = try folder.write(Self.pipeline, to: "p.json")
        let out = "\(folder.path)/out"
        let status = try await CLI.runThenSignal(["run", pipeline, "\(folder.path)/in", "-o", out, "-j", "1", "-q"], signal: "KILL", results: 2, in: out)
        #expect(status == 128 + SIGKILL)
        let kept = ((try? FileManager.default.contentsOfDirectory(atPath: "\(out)/.ocrp-pages/report.pdf")) ?? []).filter { $0.hasSuffix(".json") }
        #expect(kept.count >= 2 && kept.count < 6, "\(kept)")

        let rerun = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", out, "--events", "-j", "2"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let events = try Self.events(rerun.stdout)
        let document = try #require(events.first { $0["event"] as? String == "document_started" })
        let done = try #require(document["already_done"] as? Int)
        #expect(done >= kept.count)
        let read = events.filter { $0["event"] as? String == "page_finished" }.compactMap { $0["page"] as? Int }
        #expect(read.count == 6 - done && Set(read).count == read.count)
        let text = try String(contentsOfFile: "\(out)/report.pdf.txt", encoding: .utf8)
        #expect(text == (1...6).map { Self.pageLines($0).map { $0 + "\n" }.joined() + "\u{0C}" }.joined())
        #expect(!(try folder.files()).contains { $0.contains(".ocrp-tmp-") })
    }

    @Test func hostileDocumentsFailAloneWithTheirOwnErrors() async throws {
        let folder = try TemporaryFolder()
        let good = try await Self.scannedPDF(pages: 1, in: folder, name: "in/good.pdf")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        try folder.write(bytes.prefix(bytes.count / 2), to: "in/truncated.pdf")
        try await Documents.tool("qpdf", ["--encrypt", "u-secret", "o-secret", "256", "--", good, "\(folder.path)/in/locked.pdf"])
        try folder.write(HostilePDF.declaringPages(1_000_000), to: "in/million-pages.pdf")
        try folder.write(HostilePDF.page(side: 14_400, content: "BT /F1 400 Tf 1000 13000 Td (HUGE) Tj ET"), to: "in/huge-page.pdf")
        try folder.write(await HostilePDF.flateBomb(megabytes: 64), to: "in/flate-bomb.pdf")
        try folder.write(HostilePDF.deeplyNested(200_000), to: "in/nested.pdf")
        // A page as large as PDF allows is rendered at a resolution that keeps it within max_pixels.
        let pipeline = try folder.write(
            Self.pipeline.replacingOccurrences(of: #"{"type": "decode"}"#, with: #"{"type": "decode", "params": {"max_pixels": 6000000}}"#), to: "p.json")
        let out = "\(folder.path)/out"
        let clock = ContinuousClock.now
        let run = try await CLI.run(["run", pipeline, "\(folder.path)/in", "-o", out, "-j", "2", "--image-timeout", "120"])
        #expect(ContinuousClock.now - clock < .seconds(150))
        #expect(run.status == 1)
        let manifest = try String(contentsOfFile: "\(out)/manifest.jsonl", encoding: .utf8)
        func outcome(_ rel: String) -> String? {
            manifest.split(separator: "\n").first { $0.contains("\"rel\":\"\(rel)\"") }.map(String.init)
        }
        #expect(outcome("good.pdf")?.contains("\"status\":\"ok\"") == true)
        #expect(outcome("truncated.pdf")?.contains("\"code\":\"truncated_image\"") == true, "\(outcome("truncated.pdf") ?? "")")
        #expect(outcome("locked.pdf")?.contains("\"code\":\"encrypted_document\"") == true)
        #expect(outcome("million-pages.pdf")?.contains("\"status\":\"failed\"") == true, "\(outcome("million-pages.pdf") ?? "")")
        #expect(outcome("huge-page.pdf")?.contains("\"status\":\"ok\"") == true, "\(outcome("huge-page.pdf") ?? "")")
        #expect(outcome("flate-bomb.pdf") != nil && outcome("nested.pdf") != nil)
        let huge = try String(contentsOfFile: "\(out)/huge-page.pdf.json", encoding: .utf8)
        #expect(huge.contains("\"dpi_lowered_from\""))
        #expect(
            run.stderr.contains("locked.pdf: the PDF is encrypted and no password was given. Fix: give the document's password in decode's password parameter"))
    }
}

/// PDFs made to hurt a reader: a page tree declaring pages it does not hold, a page as large as
/// PDF allows, a content stream that inflates to hundreds of megabytes, objects nested deeply.
enum HostilePDF {
    static func document(_ objects: [Data]) -> Data {
        var out = Data("%PDF-1.5\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Data("\(index + 1) 0 obj\n".utf8) + object + Data("\nendobj\n".utf8)
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return out + Data(table.utf8)
    }

    static func stream(_ bytes: Data, _ dictionary: String = "") -> Data {
        Data("<< /Length \(bytes.count) \(dictionary) >>\nstream\n".utf8) + bytes + Data("\nendstream".utf8)
    }

    static let font = Data("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8)

    static func page(side: Int, content: String, contentsDictionary: String = "", contents: Data? = nil, extra: String = "") -> Data {
        document([
            Data("<< /Type /Catalog /Pages 2 0 R >>".utf8), Data("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Data("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(side) \(side)] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R \(extra)>>".utf8),
            stream(contents ?? Data(content.utf8), contentsDictionary), font,
        ])
    }

    static func declaringPages(_ count: Int) -> Data {
        document([
            Data("<< /Type /Catalog /Pages 2 0 R >>".utf8), Data("<< /Type /Pages /Kids [3 0 R] /Count \(count) >>".utf8),
            Data("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".utf8),
            stream(Data("BT /F1 24 Tf 100 700 Td (ONE) Tj ET".utf8)), font,
        ])
    }

    /// A content stream of `megabytes` of spaces and then a word, deflated (by Python's zlib) to
    /// a few hundred kilobytes.
    static func flateBomb(megabytes: Int) async throws -> Data {
        let deflated = try await Documents.tool(
            "python3",
            ["-c", "import sys, zlib; sys.stdout.buffer.write(zlib.compress(b' ' * (\(megabytes) << 20) + b'BT /F1 24 Tf 100 700 Td (BOMB) Tj ET', 9))"])
        return page(side: 612, content: "", contentsDictionary: "/Filter /FlateDecode", contents: deflated)
    }

    static func deeplyNested(_ depth: Int) -> Data {
        page(
            side: 612, content: "BT /F1 24 Tf 100 700 Td (DEEP) Tj ET",
            extra: "/Nested " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + " ")
    }
}
