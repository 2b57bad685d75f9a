import CharacterWidth

/// A recognised line, or the part of one a tile owns, in upright original pixels.
struct LineFragment {
    /// Index of the view it came from.
    var view: Int
    var words: [OCRWord]
    var box: Box
    /// Whether the tile kept every character (false when a tile border cut the line).
    var isWhole: Bool
    /// The item as the engine gave it, for items without characters and for lines kept whole.
    var original: OCRItem?

    var text: String {
        if let original, words.isEmpty { return original.itemstring }
        return words.enumerated().map { ($0.offset > 0 && $0.element.followsSpace ? " " : "") + $0.element.character }.joined()
    }

    var item: OCRItem {
        if let original, words.isEmpty { return OCRItem(itemstring: original.itemstring, itemcoord: box, words: original.words, polygon: original.polygon) }
        var cleaned = words
        if !cleaned.isEmpty { cleaned[0].followsSpace = false }
        return OCRItem(itemstring: text, itemcoord: box, words: cleaned, polygon: isWhole ? original?.polygon : nil)
    }

    /// Characters' boxes in view pixels: the engine's, or an estimate that spreads the item's
    /// width over its characters (a Han character counts about twice a Latin one).
    static func characterBoxes(of item: OCRItem) -> [Box] {
        if item.words.allSatisfy({ $0.box != nil }) { return item.words.map { $0.box! } }
        let weights = item.words.map { word -> Double in
            let wide = word.character.unicodeScalars.contains(where: WideCharacters.contains)
            return (wide ? 1.0 : 0.55) + (word.followsSpace ? 0.3 : 0)
        }
        let total = max(weights.reduce(0, +), 0.001)
        var x = Double(item.itemcoord.x)
        let unit = Double(item.itemcoord.width) / total
        return zip(item.words, weights).map { word, weight in
            if word.followsSpace { x += 0.3 * unit }
            let width = (weight - (word.followsSpace ? 0.3 : 0)) * unit
            defer { x += width }
            return Box(x: Int(x.rounded()), y: item.itemcoord.y, width: max(1, Int(width.rounded())), height: item.itemcoord.height)
        }
    }
}
