import Foundation

/// `<rel>.txt`: the recognised lines in reading order, one per line; a document's pages one
/// after the other, each ended by a form feed, as `pdftotext` writes them.
enum PlainText {
    static func data(_ result: JobResult) -> Data {
        guard result.isDocument else { return Data(lines(result.items).utf8) }
        return Data(result.pages.map { lines($0.items) + "\u{0C}" }.joined().utf8)
    }

    private static func lines(_ items: [OCRItem]) -> String { items.map { $0.itemstring + "\n" }.joined() }
}
