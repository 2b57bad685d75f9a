/// Puts items into reading order for engines that give no layout of their own.
enum ReadingOrder {
    /// Top to bottom by line band, then left to right. Items whose vertical extents overlap by
    /// at least half the smaller height share a band; an item over twice the usual height (a
    /// vertical word, a logo) joins the band of its top line without widening it, so it cannot
    /// swallow the lines beside it and is read before them.
    static func sorted(_ items: [OCRItem]) -> [OCRItem] {
        let heights = items.map(\.itemcoord.height).sorted()
        let usual = heights.isEmpty ? 0 : heights[heights.count / 2]
        let tall = 2 * usual
        func place(_ item: OCRItem) -> Double { item.itemcoord.height > tall ? Double(item.itemcoord.y) + Double(usual) / 2 : item.itemcoord.centerY }
        var bands: [(top: Int, bottom: Int, items: [OCRItem])] = []
        for item in items.sorted(by: { place($0) < place($1) }) {
            let box = item.itemcoord
            if let last = bands.indices.last {
                let overlap = min(bands[last].bottom, box.maxY) - max(bands[last].top, box.y)
                let smaller = min(bands[last].bottom - bands[last].top, box.height)
                if Double(overlap) >= 0.5 * Double(smaller) {
                    bands[last].items.append(item)
                    if box.height <= tall {
                        bands[last].top = min(bands[last].top, box.y)
                        bands[last].bottom = max(bands[last].bottom, box.maxY)
                    }
                    continue
                }
            }
            bands.append((box.y, box.height > tall ? box.y + usual : box.maxY, [item]))
        }
        return bands.flatMap { band in
            // Columns of vertical CJK text are read right to left, as they are printed.
            let vertical = band.items.filter(isVerticalLine).count
            return band.items.sorted { 2 * vertical > band.items.count ? $0.itemcoord.maxX > $1.itemcoord.maxX : $0.itemcoord.x < $1.itemcoord.x }
        }
    }

    /// A line set top to bottom: several characters stacked in a box at least twice as high as wide.
    static func isVerticalLine(_ item: OCRItem) -> Bool {
        item.itemcoord.height >= 2 * item.itemcoord.width && item.itemstring.count >= 2
    }

    /// Column by column where the page has text columns, line bands elsewhere (a recursive
    /// XY cut). A column split needs a gutter no item crosses, at least half a line height wide, with
    /// running text on each side (two or more lines, most at least half the column wide) at least
    /// ``minimumColumnWidth`` line heights wide — so a table's cells and a label's key–value pairs
    /// are read row by row.
    /// Hand-written: no layout-analysis library is packaged for Debian in C.
    static func columns(_ items: [OCRItem]) -> [OCRItem] { blocks(items).flatMap { $0 } }

    /// The same order as ``columns(_:)``, as the blocks it reads one after the other: the parts
    /// of columns, headings, runs of rows — what paragraphs are found within.
    static func blocks(_ items: [OCRItem]) -> [[OCRItem]] {
        guard items.count >= 4 else { return items.isEmpty ? [] : [sorted(items)] }
        let heights = items.map(\.itemcoord.height).sorted()
        let lineHeight = max(1, heights[heights.count / 2])
        return cut(items, lineHeight: lineHeight, depth: 0).filter { !$0.isEmpty }
    }

    /// Columns are at least this many line heights wide (about fifteen characters of text).
    static let minimumColumnWidth = 8

    private static func cut(_ items: [OCRItem], lineHeight: Int, depth: Int) -> [[OCRItem]] {
        guard items.count >= 4, depth < 12 else { return [sorted(items)] }
        if let (left, right) = splitAtGutter(items, lineHeight: lineHeight) {
            return cut(left, lineHeight: lineHeight, depth: depth + 1) + cut(right, lineHeight: lineHeight, depth: depth + 1)
        }
        // A gutter that a few items cross: wide ones (headings across the columns) and ones with
        // no column text beside them, within a line height (a centred title), cut the block into sections, each read
        // column by column; the others (a caption or pull quote set in the gutter, between
        // the columns' lines) are read after the columns, as a layout analysis would.
        if let gutter = crossedGutter(items, lineHeight: lineHeight) {
            let minX = items.map(\.itemcoord.x).min()!, maxX = items.map(\.itemcoord.maxX).max()!
            func crosses(_ item: OCRItem) -> Bool { item.itemcoord.x < gutter && item.itemcoord.maxX > gutter }
            let columnText = items.filter { !crosses($0) }
            func heading(_ item: OCRItem) -> Bool {
                let box = item.itemcoord
                return 5 * box.width >= 3 * (maxX - minX)
                    || !columnText.contains {
                        max($0.itemcoord.y, box.y) - min($0.itemcoord.maxY, box.maxY) < lineHeight
                    }
            }
            let headings = items.filter { crosses($0) && heading($0) }.sorted { $0.itemcoord.y < $1.itemcoord.y }
            let floats = items.filter { crosses($0) && !heading($0) }
            var sections = [[OCRItem]](repeating: [], count: headings.count + 1)
            for item in items where !crosses(item) {
                sections[headings.filter { $0.itemcoord.centerY < item.itemcoord.centerY }.count].append(item)
            }
            var out: [[OCRItem]] = []
            for (index, section) in sections.enumerated() {
                out += cut(section, lineHeight: lineHeight, depth: depth + 1)
                if index < headings.count { out.append([headings[index]]) }
            }
            return out + [sorted(floats)]
        }
        // No gutter down the whole block: cut it into rows (runs of items whose heights overlap),
        // and gather consecutive rows that share a gutter into blocks of their own.
        let rows = overlappingRows(items)
        guard rows.count > 1 else { return [sorted(items)] }
        var out: [[OCRItem]] = []
        // Rows without a gutter read together, as one block.
        var plain: [OCRItem] = []
        var index = 0
        while index < rows.count {
            var segment = rows[index]
            var next = index + 1
            while next < rows.count, splitAtGutter(segment + rows[next], lineHeight: lineHeight) != nil {
                segment += rows[next]
                next += 1
            }
            let hasGutter = next > index + 1 || splitAtGutter(segment, lineHeight: lineHeight) != nil
            if hasGutter && segment.count < items.count {
                if !plain.isEmpty { out.append(sorted(plain)) }
                plain = []
                out += cut(segment, lineHeight: lineHeight, depth: depth + 1)
            } else {
                plain += segment
            }
            index = next
        }
        if !plain.isEmpty { out.append(sorted(plain)) }
        return out
    }

    /// The items left and right of the widest gutter that qualifies, if any.
    private static func splitAtGutter(_ items: [OCRItem], lineHeight: Int) -> ([OCRItem], [OCRItem])? {
        let spans = items.map { ($0.itemcoord.x, $0.itemcoord.maxX) }.sorted { $0.0 < $1.0 }
        guard let first = spans.first else { return nil }
        let minX = first.0, maxX = spans.map(\.1).max()!
        var best: (gap: Int, at: Int)?
        var reach = first.1
        for span in spans.dropFirst() {
            if 2 * (span.0 - reach) >= lineHeight {
                let at = (reach + span.0) / 2
                let leftWidth = reach - minX, rightWidth = maxX - span.0
                if leftWidth >= minimumColumnWidth * lineHeight, rightWidth >= minimumColumnWidth * lineHeight,
                    best == nil || span.0 - reach > best!.gap
                {
                    let left = items.filter { $0.itemcoord.maxX <= at }, right = items.filter { $0.itemcoord.x >= at }
                    if isTextColumn(left, lineHeight: lineHeight), isTextColumn(right, lineHeight: lineHeight) { best = (span.0 - reach, at) }
                }
            }
            reach = max(reach, span.1)
        }
        guard let best else { return nil }
        return (items.filter { $0.itemcoord.maxX <= best.at }, items.filter { $0.itemcoord.x >= best.at })
    }

    /// The middle of an x-range that at most one item in eight (or two) crosses, with at least two
    /// lines and ``minimumColumnWidth`` line heights of text on each side.
    private static func crossedGutter(_ items: [OCRItem], lineHeight: Int) -> Int? {
        let allowed = max(2, items.count / 8)
        var events: [(x: Int, delta: Int)] = []
        for item in items { events += [(item.itemcoord.x, 1), (item.itemcoord.maxX, -1)] }
        events.sort { $0.x == $1.x ? $0.delta < $1.delta : $0.x < $1.x }
        guard let minX = events.first?.x, let maxX = events.last?.x else { return nil }
        var best: (width: Int, at: Int)?
        var depth = 0
        var index = 0
        while index < events.count {
            let x = events[index].x
            while index < events.count, events[index].x == x { depth += events[index].delta; index += 1 }
            guard index < events.count, depth <= allowed else { continue }
            // A run of coverage ≤ allowed from x to the next point where it rises above.
            var end = index, runDepth = depth
            while end < events.count {
                let next = events[end].x
                var step = runDepth
                var probe = end
                while probe < events.count, events[probe].x == next { step += events[probe].delta; probe += 1 }
                if step > allowed { break }
                runDepth = step
                end = probe
            }
            guard end < events.count else { break }
            let stop = events[end].x, width = stop - x, at = (x + stop) / 2
            if 2 * width >= lineHeight, at - minX >= minimumColumnWidth * lineHeight, maxX - at >= minimumColumnWidth * lineHeight,
                best == nil || width > best!.width
            {
                if isTextColumn(items.filter { $0.itemcoord.maxX <= at }, lineHeight: lineHeight),
                    isTextColumn(items.filter { $0.itemcoord.x >= at }, lineHeight: lineHeight)
                {
                    best = (width, at)
                }
            }
        }
        return best?.at
    }

    /// Three or more lines, most of them as wide as half the column or more and as long as a
    /// line of prose (``runningTextWidth`` line heights): running text, not a table's cells or a
    /// form's values (which leave most of their column empty, or hold a few words each).
    private static func isTextColumn(_ items: [OCRItem], lineHeight: Int) -> Bool {
        guard items.count >= 3, let minX = items.map(\.itemcoord.x).min(), let maxX = items.map(\.itemcoord.maxX).max() else { return false }
        let widths = items.map(\.itemcoord.width).sorted()
        let median = widths[widths.count / 2]
        return 2 * median >= maxX - minX && median >= runningTextWidth * lineHeight
    }

    /// A line of running text is at least this many line heights long (about twenty Latin
    /// characters, ten Han ones): a form's values and a table's cells are shorter.
    static let runningTextWidth = 10

    /// Top to bottom, items grouped while their vertical extents chain together.
    private static func overlappingRows(_ items: [OCRItem]) -> [[OCRItem]] {
        var rows: [[OCRItem]] = []
        var bottom = Int.min
        for item in items.sorted(by: { $0.itemcoord.y < $1.itemcoord.y }) {
            if !rows.isEmpty, item.itemcoord.y < bottom {
                rows[rows.count - 1].append(item)
                bottom = max(bottom, item.itemcoord.maxY)
            } else {
                rows.append([item])
                bottom = item.itemcoord.maxY
            }
        }
        return rows
    }
}
