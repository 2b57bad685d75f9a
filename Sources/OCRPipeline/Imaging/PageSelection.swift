/// Which pages of a document to read, as decode's `pages` parameter writes them: `all`, or
/// page numbers and ranges separated by commas (`1-3,7`, `5-` for the fifth to the last).
public struct PageSelection: Sendable, Hashable, CustomStringConvertible {
    private let ranges: [ClosedRange<Int>]
    public let description: String

    /// Every page.
    public static let all = PageSelection(ranges: [1...Int.max], description: "all")

    private init(ranges: [ClosedRange<Int>], description: String) {
        self.ranges = ranges
        self.description = description
    }

    /// Parses `text`; `nil` when it is not a selection.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "all" {
            self = .all
            return
        }
        var ranges: [ClosedRange<Int>] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = Int(bounds[0]), first >= 1 else { return nil }
            if bounds.count == 1 {
                ranges.append(first...first)
            } else if bounds[1].isEmpty {
                ranges.append(first...Int.max)
            } else if let last = Int(bounds[1]), last >= first {
                ranges.append(first...last)
            } else {
                return nil
            }
        }
        guard !ranges.isEmpty else { return nil }
        self.init(ranges: ranges, description: trimmed)
    }

    /// The selected pages of a document of `count` pages, in order, each once.
    public func pages(in count: Int) -> [Int] {
        var seen = Set<Int>()
        var out: [Int] = []
        for range in ranges where range.lowerBound <= count {
            for page in range.lowerBound...min(range.upperBound, count) where seen.insert(page).inserted { out.append(page) }
        }
        return out
    }
}
