import VipsKit

/// Places tile seams where there is least text, so that as few lines as possible are cut.
///
/// Along one axis, the image is split at points m₁ < m₂ < … (the cores' boundaries); each tile
/// is centred on its core and reaches at least half the overlap past each split. Each split is
/// moved, within the room the tile size leaves, to the column (or row) crossing the fewest
/// strong edges in a small copy of the image — the gap between lines of a screenshot, or a
/// margin beside a sign. With no room, or `contentAware` off, splits fall at the overlaps' middles.
struct SeamPlanner {
    /// Edges per column (or row) of the image, at `scale` of full size.
    let profile: [Double]
    let scale: Double

    /// Counts strong local contrasts in a copy of the image at most 1600 px on its long side.
    static func profiles(of upright: UprightImage) throws -> (columns: SeamPlanner, rows: SeamPlanner) {
        let size = upright.size
        let scale = min(1, 1600 / Double(size.longSide))
        let shrink = upright.format == .jpeg ? [8, 4, 2].first { 1 / Double($0) >= scale } ?? 1 : 1
        var image = try upright.load(shrink: shrink, sequential: false).image
        image = try image.resized(
            horizontal: Double(size.width) * scale / Double(image.width),
            vertical: Double(size.height) * scale / Double(image.height))
        if image.bands > 1 { image = try image.colourspace(.grey) }
        let pixels = [UInt8](try image.pixelBytes())
        let width = image.width, height = image.height
        var columns = [Double](repeating: 0, count: width), rows = [Double](repeating: 0, count: height)
        let threshold = 40
        for y in 0..<(height - 1) {
            let row = y * width
            for x in 0..<(width - 1) {
                let here = Int(pixels[row + x])
                if abs(here - Int(pixels[row + x + 1])) + abs(here - Int(pixels[row + width + x])) > threshold {
                    columns[x] += 1
                    rows[y] += 1
                }
            }
        }
        return (
            SeamPlanner(profile: columns, scale: Double(width) / Double(size.width)),
            SeamPlanner(profile: rows, scale: Double(height) / Double(size.height))
        )
    }

    /// Tile starts and core ranges along an axis of `length` pixels.
    static func plan(length: Int, tile: Int, overlap: Int, planner: SeamPlanner?) -> [(start: Int, core: Range<Int>)] {
        guard length > tile else { return [(0, 0..<length)] }
        let stride = tile - overlap
        let count = Int((Double(length - overlap) / Double(stride)).rounded(.up))
        let evenSplits = (1..<count).map { length * $0 / count }
        let splits = [0] + (planner?.quietestSplits(length: length, count: count, stride: stride, edgeReach: stride + overlap / 2) ?? evenSplits) + [length]
        return (0..<count).map { k in
            let core = splits[k]..<splits[k + 1]
            let centred = (core.lowerBound + core.upperBound) / 2 - tile / 2
            return (min(max(0, centred), length - tile), core)
        }
    }

    /// The `count - 1` split positions that cross the fewest edges in total, such that every
    /// inner core is at most `stride` long and the two outer ones at most `edgeReach` (so each
    /// tile, centred on its core, reaches half the overlap past its splits). Dynamic programming
    /// over the positions of the small copy; ties go to splits nearest an even division.
    func quietestSplits(length: Int, count: Int, stride: Int, edgeReach: Int) -> [Int] {
        let positions = profile.count
        let step = Double(length) / Double(positions)  // full-size pixels per small pixel
        func full(_ p: Int) -> Int { min(length - 1, max(1, Int((Double(p) + 0.5) * step))) }
        let cost: [Double] = (0..<positions).map { p in
            let low = max(0, p - 1), high = min(positions - 1, p + 1)
            return profile[low...high].reduce(0, +)
        }
        let infinity = Double.infinity
        var best = [[Double]](repeating: [Double](repeating: infinity, count: positions), count: count)
        var from = [[Int]](repeating: [Int](repeating: -1, count: positions), count: count)
        for k in 1..<count {
            let ideal = Double(length * k / count)
            for p in 0..<positions {
                let position = full(p)
                let penalty = abs(Double(position) - ideal) / Double(length) * 0.5
                if k == count - 1 && length - position > edgeReach { continue }
                if k == 1 {
                    if position <= edgeReach { best[k][p] = cost[p] + penalty }
                    continue
                }
                var q = p - 1
                while q >= 0 && position - full(q) <= stride {
                    if best[k - 1][q] + cost[p] + penalty < best[k][p] {
                        best[k][p] = best[k - 1][q] + cost[p] + penalty
                        from[k][p] = q
                    }
                    q -= 1
                }
            }
        }
        guard let last = (0..<positions).min(by: { best[count - 1][$0] < best[count - 1][$1] }), best[count - 1][last] < infinity else {
            return (1..<count).map { length * $0 / count }
        }
        var splits = [last]
        for k in Swift.stride(from: count - 1, to: 1, by: -1) { splits.append(from[k][splits.last!]) }
        return splits.reversed().map(full)
    }
}
