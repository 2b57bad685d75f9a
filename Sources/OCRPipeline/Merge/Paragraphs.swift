/// Numbers paragraphs: within each block of the reading order (a column's part, a heading, a
/// run of rows), consecutive lines set at the block's regular spacing are one paragraph. A new
/// paragraph starts with each block, and within one where
/// - the gap to the next line is clearly wider than the block's usual gap,
/// - the line height changes (a heading over its text),
/// - the next line goes back up the page (the next column of an engine's own order), or
/// - in running text (most lines reaching the right edge), a line stops short of it, or the next
///   is indented.
/// Items of one row (a table's cells, a form's label and value) share their row's paragraph.
/// Hand-written, as the reading order is: rules over the boxes.
enum Paragraphs {
    /// The blocks' items in order, each numbered with its paragraph (from 1).
    static func numbered(_ blocks: [[OCRItem]]) -> [OCRItem] {
        var out: [OCRItem] = []
        var paragraph = 0
        for block in blocks where !block.isEmpty {
            let rows = Self.rows(block)
            let breaks = self.breaks(rows)
            for (index, row) in rows.enumerated() {
                if index == 0 || breaks.contains(index) { paragraph += 1 }
                for var item in row {
                    item.paragraph = paragraph
                    out.append(item)
                }
            }
        }
        return out
    }

    /// The block's items as rows, in the block's order: an item whose height overlaps the
    /// previous row's by half the smaller joins it.
    static func rows(_ items: [OCRItem]) -> [[OCRItem]] {
        var rows: [[OCRItem]] = []
        var band: (top: Int, bottom: Int) = (0, 0)
        for item in items {
            let box = item.itemcoord
            let overlap = min(band.bottom, box.maxY) - max(band.top, box.y)
            if !rows.isEmpty, 2 * overlap >= min(band.bottom - band.top, box.height) {
                rows[rows.count - 1].append(item)
                band = (min(band.top, box.y), max(band.bottom, box.maxY))
            } else {
                rows.append([item])
                band = (box.y, box.maxY)
            }
        }
        return rows
    }

    /// The indices of the rows that start a new paragraph (besides the first).
    private static func breaks(_ rows: [[OCRItem]]) -> Set<Int> {
        guard rows.count > 1 else { return [] }
        struct Row { var top, bottom, left, right, height: Double }
        let metrics = rows.map { row -> Row in
            let heights = row.map { Double($0.itemcoord.height) }.sorted()
            return Row(
                top: Double(row.map(\.itemcoord.y).min()!), bottom: Double(row.map(\.itemcoord.maxY).max()!),
                left: Double(row.map(\.itemcoord.x).min()!), right: Double(row.map(\.itemcoord.maxX).max()!), height: heights[heights.count / 2])
        }
        let lineHeight = metrics.map(\.height).sorted()[metrics.count / 2]
        let gaps = zip(metrics, metrics.dropFirst()).map { $1.top - $0.bottom }
        let usualGap = max(0, gaps.sorted()[gaps.count / 2])
        let left = metrics.map(\.left).min()!, right = metrics.map(\.right).max()!
        let width = right - left
        let fullLines = metrics.filter { right - $0.right <= 0.1 * width }.count
        let runningText = metrics.count >= 3 && 10 * fullLines >= 6 * metrics.count && width >= 10 * lineHeight
        var breaks: Set<Int> = []
        for index in 1..<metrics.count {
            let previous = metrics[index - 1], current = metrics[index]
            let gap = current.top - previous.bottom
            let wider = gap > max(1.6 * usualGap + 0.2 * lineHeight, 0.7 * lineHeight)
            let resized = abs(current.height - previous.height) > 0.3 * max(current.height, previous.height)
            let backUp = gap < -lineHeight
            let endedShort = runningText && right - previous.right > 0.15 * width
            let indented = runningText && current.left - left >= 1.5 * lineHeight && previous.left - left < 0.5 * lineHeight
            if wider || resized || backUp || endedShort || indented { breaks.insert(index) }
        }
        return breaks
    }
}
