import Foundation

/// A general-OCR response, read leniently as every SDK does: `code` whatever the HTTP status,
/// unknown keys ignored, confidences on a 0–1 or 0–100 scale (normalised to 0–100).
public struct ServiceResponse: Sendable {
    public var code: Int
    public var message: String
    public var items: [OCRItem]

    /// `nil` when the body is not a JSON object with an integer `code`.
    public init?(body: Data) {
        guard let document = try? JSONValue.parse(body), let code = document["code"]?.intValue else { return nil }
        self.code = code
        message = document["message"]?.stringValue ?? ""
        let rawItems = document["data"]?["items"]?.arrayValue ?? []
        var items: [OCRItem] = rawItems.compactMap { raw in
            guard let text = raw["itemstring"]?.stringValue else { return nil }
            let box = raw["itemcoord"].flatMap(Box.init(json:)) ?? Box(x: 0, y: 0, width: 0, height: 0)
            let words = (raw["words"]?.arrayValue ?? []).compactMap { word -> OCRWord? in
                guard let character = word["character"]?.stringValue else { return nil }
                return OCRWord(character: character, confidence: word["confidence"]?.doubleValue ?? 0)
            }
            return OCRItem(itemstring: text, itemcoord: box, words: words)
        }
        // A sibling API answers confidences in [0, 1]: when no value exceeds 1, rescale.
        let confidences = items.flatMap { $0.words.map(\.confidence) }
        if !confidences.isEmpty, confidences.allSatisfy({ $0 <= 1 }) {
            for i in items.indices { for j in items[i].words.indices { items[i].words[j].confidence *= 100 } }
        }
        self.items = items.map { $0.markingSpaces() }
    }
}
