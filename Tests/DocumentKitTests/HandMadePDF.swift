import Foundation

/// A one-page PDF written byte by byte: the word `MARK` in Helvetica at a known place, on a
/// page with the given boxes and `/Rotate` — the cases a layer must follow (a media box that
/// does not start at 0,0, a crop box inside it, a page stored sideways).
enum HandMadePDF {
    static func page(mediaBox: [Double], cropBox: [Double]? = nil, rotate: Int = 0, text: (x: Double, y: Double), word: String = "MARK") -> Data {
        func numbers(_ values: [Double]) -> String { values.map { String(Int($0)) }.joined(separator: " ") }
        let content = "BT /F1 24 Tf \(Int(text.x)) \(Int(text.y)) Td (\(word)) Tj ET"
        let crop = cropBox.map { " /CropBox [\(numbers($0))]" } ?? ""
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [\(numbers(mediaBox))]\(crop) /Rotate \(rotate) /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }
}
