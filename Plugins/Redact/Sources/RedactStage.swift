import Foundation
import OCRPipeline

/// `redact`: finds personal numbers in the recognised text — mobile phone numbers, Chinese
/// resident ID numbers (with their check digit), payment card numbers (with the Luhn check),
/// e-mail addresses — replaces their characters in the items with a mask character, and
/// blacks out where they are in the overlay picture.
///
/// Written against the public stage protocol only, like every built-in stage; it runs after
/// `merge`, on items in original image coordinates.
public struct RedactStage: DeclaredStage {
    /// A kind of personal number.
    public enum Kind: String, ParameterChoice {
        case phone
        case idNumber = "id_number"
        case bankCard = "bank_card"
        case email
    }

    @Param("patterns", help: "what to redact: phone (mobile numbers), id_number (Chinese resident ID), bank_card (Luhn-valid card numbers), email")
    public var patterns = [Kind.phone, .idNumber, .bankCard]
    @Param("mask", help: "the character that replaces each redacted one")
    public var maskText = "*"
    @Param("black_out", help: "also black out the redacted text in the overlay picture")
    public var blackOut = true

    public static let descriptor = StageDescriptor(
        Self.self, type: "redact",
        summary: "Masks phone, ID and card numbers (and e-mails) in the items and blacks them out in the overlay.",
        needs: [.items]
    ) { stage, _ in
        guard stage.maskText.count == 1 else {
            throw StageConfigurationError(parameter: stage.$maskText.name, problem: "mask must be exactly one character")
        }
    }
    .explaining { (stage: RedactStage, _) in ["would_redact": .array(stage.patterns.map { .string($0.rawValue) })] }

    public init() {}

    var kinds: Set<Kind> { Set(patterns) }
    var mask: Character { maskText.first ?? "*" }

    public func process(_ job: inout Job, context: StageContext) async throws {
        var found: [Kind: Int] = [:]
        for index in job.items.indices {
            let matches = SensitiveNumbers.find(in: job.items[index].itemstring, kinds: kinds)
            guard !matches.isEmpty else { continue }
            for match in matches { found[match.kind, default: 0] += 1 }
            let redacted = Self.redact(job.items[index], ranges: matches.map(\.range), mask: mask)
            if blackOut { job.masks += Self.boxes(of: job.items[index], ranges: matches.map(\.range)) }
            job.items[index] = redacted
        }
        for kind in Kind.allCases where kinds.contains(kind) { job[record: kind.rawValue] = .int(found[kind] ?? 0) }
    }

    /// The item with the characters in `ranges` (offsets into its text) replaced by `mask`.
    static func redact(_ item: OCRItem, ranges: [Range<Int>], mask: Character) -> OCRItem {
        var characters = Array(item.itemstring)
        for range in ranges { for offset in range where !characters[offset].isWhitespace { characters[offset] = mask } }
        var out = item
        out.itemstring = String(characters)
        // Words are the non-space characters, in order.
        let hidden = Set(ranges.flatMap { Array($0) }.compactMap { Self.wordIndex(ofCharacterAt: $0, in: item.itemstring) })
        for index in out.words.indices where hidden.contains(index) { out.words[index].character = String(mask) }
        return out
    }

    /// Where the characters in `ranges` are: from their own boxes when the engine gave them,
    /// else from their share of the item's width.
    static func boxes(of item: OCRItem, ranges: [Range<Int>]) -> [Box] {
        let text = Array(item.itemstring)
        return ranges.map { range in
            let words = range.compactMap { Self.wordIndex(ofCharacterAt: $0, in: item.itemstring) }.filter { $0 < item.words.count }
            let known = words.compactMap { item.words[$0].box }
            if !known.isEmpty, known.count == words.count { return known.dropFirst().reduce(known[0]) { $0.union($1) } }
            let unit = Double(item.itemcoord.width) / Double(max(1, text.count))
            let x = item.itemcoord.x + Int(Double(range.lowerBound) * unit)
            return Box(x: x, y: item.itemcoord.y, width: max(1, Int((Double(range.count) * unit).rounded(.up))), height: item.itemcoord.height)
        }
    }

    /// Which word (non-space character) the character at `offset` of `text` is.
    static func wordIndex(ofCharacterAt offset: Int, in text: String) -> Int? {
        let characters = Array(text)
        guard offset < characters.count, !characters[offset].isWhitespace else { return nil }
        return characters[..<offset].filter { !$0.isWhitespace }.count
    }
}
