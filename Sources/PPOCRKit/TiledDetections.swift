import Foundation

/// Detected boxes of overlapping tiles, made into one set for the whole image: a line seen by
/// two tiles (whole in one, cut in the other, or cut in both) becomes one box covering all
/// its pieces, so it can be read once, whole, from the full image.
public enum TiledDetections {
    /// `boxesByTile[i]` are tile `i`'s boxes, already in the whole image's pixels.
    public static func merged(_ boxesByTile: [[DetectedText]]) -> [DetectedText] {
        let pieces = boxesByTile.enumerated().flatMap { tile, boxes in boxes.map { Piece(tile: tile, box: $0) } }
        var parent = Array(pieces.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in pieces.indices {
            for j in pieces.indices where j > i && pieces[i].tile != pieces[j].tile && pieces[i].isSameText(as: pieces[j]) {
                parent[root(j)] = root(i)
            }
        }
        var groups: [Int: [Piece]] = [:]
        for i in pieces.indices { groups[root(i), default: []].append(pieces[i]) }
        let boxes = groups.keys.sorted().compactMap { key -> DetectedText? in
            let group = groups[key]!
            guard group.count > 1 else { return group[0].box }
            guard let rect = RotatedRect(enclosing: group.flatMap(\.box.quad.corners)) else { return nil }
            let weight = group.map { Float($0.area) }
            let score = zip(group, weight).map { $0.box.score * $1 }.reduce(0, +) / max(1, weight.reduce(0, +))
            return DetectedText(quad: Quad.ordered(rect.corners), score: score)
        }
        return LineFragments.joined(boxes)
    }

    struct Piece {
        let tile: Int
        let box: DetectedText
        let minX, minY, maxX, maxY: Double

        init(tile: Int, box: DetectedText) {
            self.tile = tile
            self.box = box
            (minX, minY, maxX, maxY) = box.quad.bounds
        }

        var area: Double { (maxX - minX) * (maxY - minY) }
        /// Clearly longer one way than the other: 1 across, −1 down, 0 neither (a piece of a
        /// line cut down to a character or two can be either).
        var direction: Int {
            let width = box.quad.width, height = box.quad.height
            if width >= 1.5 * height { return 1 }
            if height >= 1.5 * width { return -1 }
            return 0
        }

        /// Two tiles' boxes over the same text: they overlap, one line high where they run
        /// across (a neighbouring line only touches through the detector's margins), one line
        /// wide where they run down, and they do not run different ways.
        func isSameText(as other: Piece) -> Bool {
            let overlapX = min(maxX, other.maxX) - max(minX, other.minX), overlapY = min(maxY, other.maxY) - max(minY, other.minY)
            guard overlapX > 0, overlapY > 0, direction * other.direction >= 0 else { return false }
            guard overlapX * overlapY >= 0.2 * min(area, other.area) else { return false }
            let vertical = direction < 0 || other.direction < 0
            return vertical
                ? overlapX >= 0.6 * min(maxX - minX, other.maxX - other.minX)
                : overlapY >= 0.6 * min(maxY - minY, other.maxY - other.minY)
        }
    }
}
