import CharacterWidth

/// Brings the items of every view into upright original pixels and, for tiles, keeps each
/// character once, joins lines cut by tile borders, and drops any remaining duplicates.
struct TileMerger {
    struct Outcome {
        var items: [OCRItem]
        var dropped = 0
        var joined = 0
        var duplicates = 0
    }

    static func merge(_ views: [View], tiled: Bool) -> Outcome {
        guard tiled else {
            let items = views.flatMap { view in view.items.map { mapped($0, with: view.itemsTransform ?? view.transform) } }
            return Outcome(items: items)
        }
        let ownership = TileOwnership(cores: views.map(\.core))
        var outcome = Outcome(items: [])
        var fragments: [LineFragment] = []
        let globalItems = views.map { view in view.items.map { mapped($0, with: view.itemsTransform ?? view.transform) } }
        /// Whether tile `owner` read anything where `box` is: only then does it take the
        /// character over. A tile that missed a piece of text (say, a few letters cut at its
        /// edge) leaves it to the tile that did read it.
        func ownerRead(_ owner: Int, at box: Box) -> Bool {
            let tolerance = Double(box.height) / 2
            return globalItems[owner].contains { other in
                let overlap = min(other.itemcoord.maxY, box.maxY) - max(other.itemcoord.y, box.y)
                return Double(overlap) >= 0.5 * Double(min(other.itemcoord.height, box.height))
                    && box.centerX >= Double(other.itemcoord.x) - tolerance && box.centerX <= Double(other.itemcoord.maxX) + tolerance
            }
        }
        for index in views.indices {
            for global in globalItems[index] {
                let item = global
                // A line belongs to one row of tiles, by its vertical centre; within the row its
                // characters are shared out by their horizontal centres. Near a horizontal seam
                // both rows keep the line (their readings of its centre may differ by a pixel or
                // two) and the duplicate is removed below, so no line is lost.
                let tolerance = Double(global.itemcoord.height) / 4
                let rowOwners = Set([-tolerance, 0, tolerance].map { ownership.owner(x: views[index].core.centerX, y: global.itemcoord.centerY + $0) })
                guard rowOwners.contains(index) else { outcome.dropped += 1; continue }
                let centreY = rowOwners.count == 1 ? global.itemcoord.centerY : views[index].core.centerY
                guard !item.words.isEmpty else {
                    // No characters to split: keep the item in the tile that owns its centre.
                    if ownership.owner(x: global.itemcoord.centerX, y: centreY) == index {
                        fragments.append(LineFragment(view: index, words: [], box: global.itemcoord, isWhole: true, original: global))
                    } else {
                        outcome.dropped += 1
                    }
                    continue
                }
                let kept = global.words.filter { word in
                    let owner = ownership.owner(x: word.box!.centerX, y: centreY)
                    return owner == index || !ownerRead(owner, at: word.box!)
                }
                guard let first = kept.first?.box else { outcome.dropped += 1; continue }
                let box = kept.dropFirst().reduce(first) { $0.union($1.box!) }
                let whole = kept.count == global.words.count
                fragments.append(
                    LineFragment(view: index, words: kept, box: whole ? global.itemcoord : box, isWhole: whole, original: whole ? global : nil))
            }
        }
        outcome.joined = joinCutLines(&fragments)
        outcome.duplicates = removeDuplicates(&fragments)
        outcome.items = fragments.map(\.item)
        return outcome
    }

    /// The item with its box and its characters' boxes in upright original pixels.
    static func mapped(_ item: OCRItem, with transform: ViewTransform) -> OCRItem {
        var out = item
        let boxes = LineFragment.characterBoxes(of: item)
        out.itemcoord = transform.toOriginal(item.itemcoord)
        out.polygon = item.polygon?.map(transform.toOriginal)
        for index in out.words.indices where index < boxes.count {
            out.words[index].box = transform.toOriginal(boxes[index])
        }
        return out
    }

    /// Joins pieces of one line that neighbouring tiles each kept part of: same text band,
    /// from different tiles, end to end. Returns how many joins were made.
    static func joinCutLines(_ fragments: inout [LineFragment]) -> Int {
        var joins = 0
        var merged = true
        while merged {
            merged = false
            let order = fragments.indices.filter { !fragments[$0].isWhole }.sorted { fragments[$0].box.x < fragments[$1].box.x }
            search: for a in order {
                for b in order where b != a && fragments[b].view != fragments[a].view {
                    let left = fragments[a], right = fragments[b]
                    let height = Double(min(left.box.height, right.box.height))
                    let verticalOverlap = Double(min(left.box.maxY, right.box.maxY) - max(left.box.y, right.box.y))
                    let gap = Double(right.box.x - left.box.maxX)
                    guard right.box.x >= left.box.x, verticalOverlap >= 0.5 * height, gap >= -0.5 * height, gap <= 1.5 * height else { continue }
                    var words = left.words
                    var continuation = right.words
                    if !continuation.isEmpty {
                        let lastLeft = words.last?.character.unicodeScalars.last, firstRight = continuation[0].character.unicodeScalars.first
                        let latinGap =
                            gap > 0.25 * height && !(lastLeft.map(WideCharacters.contains) ?? true) && !(firstRight.map(WideCharacters.contains) ?? true)
                        continuation[0].followsSpace = continuation[0].followsSpace || latinGap
                    }
                    words += continuation
                    fragments[a] = LineFragment(view: left.view, words: words, box: left.box.union(right.box), isWhole: false)
                    fragments.remove(at: b)
                    joins += 1
                    merged = true
                    break search
                }
            }
        }
        return joins
    }

    /// Drops an item from one tile that another tile's item already covers with similar text
    /// (intersection over the smaller box, so half a line inside a whole one counts).
    static func removeDuplicates(_ fragments: inout [LineFragment]) -> Int {
        var removed = 0
        var index = 0
        while index < fragments.count {
            let candidate = fragments[index]
            let duplicateOf = fragments.indices.first { other in
                other != index && fragments[other].view != candidate.view
                    && fragments[other].box.intersectionOverSmaller(candidate.box) > 0.6
                    && fragments[other].text.count >= candidate.text.count
                    && similarity(fragments[other].text, candidate.text) > 0.6
            }
            if duplicateOf != nil {
                fragments.remove(at: index)
                removed += 1
            } else {
                index += 1
            }
        }
        return removed
    }

    /// Share of the shorter text's characters found in order in the longer one.
    static func similarity(_ a: String, _ b: String) -> Double {
        let x = Array(a.filter { !$0.isWhitespace }), y = Array(b.filter { !$0.isWhitespace })
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var table = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            var previous = 0
            for j in 1...y.count {
                let saved = table[j]
                table[j] = x[i - 1] == y[j - 1] ? previous + 1 : max(table[j], table[j - 1])
                previous = saved
            }
        }
        return Double(table[y.count]) / Double(min(x.count, y.count))
    }
}
