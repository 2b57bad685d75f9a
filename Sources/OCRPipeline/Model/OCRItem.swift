/// One recognised text line, in the service's own shape.
public struct OCRItem: Sendable, Hashable, Codable, JSONRepresentable {
    /// The line's text.
    public var itemstring: String
    /// The line's box; in a view's pixels before `merge`, in upright original pixels after.
    public var itemcoord: Box
    /// One entry per character, in order.
    public var words: [OCRWord]
    /// The line's four corners in reading order — the start and the end of its top edge, then
    /// the end and the start of its bottom edge — in the same pixels as ``itemcoord``, when the
    /// engine finds lines as quadrilaterals (a slanted line, a vertical column); `nil` when it
    /// gives boxes only.
    public var polygon: [PixelPoint]?
    /// The paragraph the line belongs to (from 1, in reading order), once `merge` has ordered
    /// the lines.
    public var paragraph: Int?

    public init(itemstring: String, itemcoord: Box, words: [OCRWord], polygon: [PixelPoint]? = nil, paragraph: Int? = nil) {
        self.itemstring = itemstring
        self.itemcoord = itemcoord
        self.words = words
        self.polygon = polygon
        self.paragraph = paragraph
    }

    /// Mean character confidence, 0 when there are no characters.
    public var meanConfidence: Double {
        words.isEmpty ? 0 : words.map(\.confidence).reduce(0, +) / Double(words.count)
    }

    /// The service's item shape, plus `polygon` (`[[x, y], …]`) and `paragraph` when known.
    public var json: JSONValue {
        var object: JSONObject = ["itemstring": .string(itemstring), "itemcoord": itemcoord.json, "words": .array(words.map(\.json))]
        if let polygon { object["polygon"] = .array(polygon.map { [.double(Self.rounded($0.x)), .double(Self.rounded($0.y))] }) }
        if let paragraph { object["paragraph"] = .int(paragraph) }
        return .object(object)
    }

    private static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// An item read back from its ``json`` form (word boxes are not part of it).
    public init?(json: JSONValue) {
        guard let text = json["itemstring"]?.stringValue, let box = json["itemcoord"].flatMap(Box.init(json:)) else { return nil }
        let polygon = json["polygon"]?.arrayValue?.compactMap { point -> PixelPoint? in
            guard let x = point.arrayValue?.first?.doubleValue, let y = point.arrayValue?.last?.doubleValue else { return nil }
            return PixelPoint(x: x, y: y)
        }
        self.init(
            itemstring: text, itemcoord: box, words: (json["words"]?.arrayValue ?? []).compactMap(OCRWord.init(json:)),
            polygon: polygon?.count == 4 ? polygon : nil, paragraph: json["paragraph"]?.intValue)
    }
}

/// One character of an item with its confidence on a 0–100 scale.
public struct OCRWord: Sendable, Hashable, Codable, JSONRepresentable {
    public var character: String
    public var confidence: Double
    /// Where the character is, in the same pixel space as its item, when the engine says so
    /// (Tesseract does; the service does not). Used to merge tiles; not part of the JSON shape.
    public var box: Box?
    /// Whether the item's text has a space before this character.
    public var followsSpace: Bool

    public init(character: String, confidence: Double, box: Box? = nil, followsSpace: Bool = false) {
        self.character = character
        self.confidence = confidence
        self.box = box
        self.followsSpace = followsSpace
    }

    public var json: JSONValue {
        ["character": .string(character), "confidence": .double((confidence * 100).rounded() / 100)]
    }

    /// A character read back from its ``json`` form.
    public init?(json: JSONValue) {
        guard let character = json["character"]?.stringValue, let confidence = json["confidence"]?.doubleValue else { return nil }
        self.init(character: character, confidence: confidence)
    }
}

extension OCRItem {
    /// The item with each character marked when a space precedes it in the text (services
    /// list characters without the spaces; merging tiles needs to know where they were).
    public func markingSpaces() -> OCRItem {
        var item = self
        var characters = itemstring.map(String.init)[...]
        for index in item.words.indices {
            var space = false
            while let first = characters.first, first.trimmingCharacters(in: .whitespaces).isEmpty { space = true; characters.removeFirst() }
            if characters.first == item.words[index].character { characters.removeFirst() }
            item.words[index].followsSpace = space && index > 0
        }
        return item
    }
}

extension OCRItem {
    /// Items in the service's JSON shape, read leniently as every SDK does: unknown keys
    /// ignored, items without text skipped, confidences on a 0–1 or 0–100 scale (normalised to
    /// 0–100), spaces marked. Used for the legacy API's answers and for plugins' items.
    public static func list(fromServiceJSON raw: [JSONValue]) -> [OCRItem] {
        var items: [OCRItem] = raw.compactMap { raw in
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
        return items.map { $0.markingSpaces() }
    }
}
