/// Sorts items into reading order: top to bottom by line band, then left to right. Items whose
/// vertical extents overlap by at least half the smaller height share a band.
enum ReadingOrder {
    static func sorted(_ items: [OCRItem]) -> [OCRItem] {
        var bands: [(top: Int, bottom: Int, items: [OCRItem])] = []
        for item in items.sorted(by: { $0.itemcoord.centerY < $1.itemcoord.centerY }) {
            let box = item.itemcoord
            if let last = bands.indices.last {
                let overlap = min(bands[last].bottom, box.maxY) - max(bands[last].top, box.y)
                let smaller = min(bands[last].bottom - bands[last].top, box.height)
                if Double(overlap) >= 0.5 * Double(smaller) {
                    bands[last].items.append(item)
                    bands[last].top = min(bands[last].top, box.y)
                    bands[last].bottom = max(bands[last].bottom, box.maxY)
                    continue
                }
            }
            bands.append((box.y, box.maxY, [item]))
        }
        return bands.flatMap { $0.items.sorted { $0.itemcoord.x < $1.itemcoord.x } }
    }
}
