import Foundation

/// `<rel>.hocr`: hOCR 1.2, the interchange OCRmyPDF's renderer, hocr-tools and archives read —
/// an `ocr_page` per page (its size, number and resolution), an `ocr_line` per line and an
/// `ocrx_word` per word, each with its `bbox` in the page's pixels and a word's `x_wconf`.
enum HOCR {
    static func data(_ result: JobResult) -> Data {
        let pages = result.isDocument ? result.pages : [result]
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
             <head>
              <title>\(escape(result.source.path))</title>
              <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
              <meta name="ocr-system" content="ocr-pipeline"/>
              <meta name="ocr-capabilities" content="ocr_page ocr_line ocrx_word ocrp_wconf"/>
             </head>
             <body>

            """
        for (index, page) in pages.enumerated() {
            let number = page.source.page ?? index + 1
            let size = page.source.uprightSize ?? PixelSize(width: 0, height: 0)
            var title = "image \"\(escape(result.source.path))\"; bbox 0 0 \(size.width) \(size.height); ppageno \(number - 1)"
            if let dpi = page.source.dpi { title += "; scan_res \(Int(dpi.rounded())) \(Int(dpi.rounded()))" }
            out += "  <div class=\"ocr_page\" id=\"page_\(number)\" title=\"\(title)\">\n"
            for (lineIndex, item) in page.items.enumerated() {
                out += "   <span class=\"ocr_line\" id=\"line_\(number)_\(lineIndex + 1)\" title=\"bbox \(bbox(item.itemcoord))\">"
                for (wordIndex, word) in words(of: item).enumerated() {
                    if wordIndex > 0 { out += " " }
                    out += "<span class=\"ocrx_word\" id=\"word_\(number)_\(lineIndex + 1)_\(wordIndex + 1)\" "
                    out += "title=\"bbox \(bbox(word.box)); x_wconf \(Int(word.confidence.rounded()))\">\(escape(word.text))</span>"
                }
                out += "</span>\n"
            }
            out += "  </div>\n"
        }
        out += " </body>\n</html>\n"
        return Data(out.utf8)
    }

    /// A line's words: runs of characters between spaces, each with the box around its
    /// characters' boxes (or its share of the line's box) and its mean confidence.
    static func words(of item: OCRItem) -> [(text: String, box: Box, confidence: Double)] {
        guard !item.words.isEmpty else { return item.itemstring.isEmpty ? [] : [(item.itemstring, item.itemcoord, 0)] }
        var runs: [[(index: Int, word: OCRWord)]] = []
        for (index, word) in item.words.enumerated() {
            if word.followsSpace || runs.isEmpty { runs.append([]) }
            runs[runs.count - 1].append((index, word))
        }
        let line = item.itemcoord
        let count = Double(item.words.count)
        return runs.map { run in
            let text = run.map(\.word.character).joined()
            let confidence = run.map(\.word.confidence).reduce(0, +) / Double(run.count)
            let boxes = run.compactMap(\.word.box)
            let box: Box
            if boxes.count == run.count, let first = boxes.first {
                box = boxes.dropFirst().reduce(first) { $0.union($1) }
            } else {
                let start = Double(run.first!.index) / count, end = Double(run.last!.index + 1) / count
                let x = line.x + Int((Double(line.width) * start).rounded())
                box = Box(x: x, y: line.y, width: max(1, line.x + Int((Double(line.width) * end).rounded()) - x), height: line.height)
            }
            return (text, box, confidence)
        }
    }

    private static func bbox(_ box: Box) -> String { "\(box.x) \(box.y) \(box.maxX) \(box.maxY)" }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
