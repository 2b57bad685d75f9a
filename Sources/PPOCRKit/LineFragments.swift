import Foundation

/// Joins detected boxes that are pieces of one printed line.
///
/// DB detection cuts a line where words stand far apart (a label and its value, a number set
/// off by spaces); the service reports such a line as one item, and reading the joined box
/// gives the recogniser the gap to turn into a space. Only upright boxes are joined: side by
/// side, of similar height, overlapping vertically, with a gap under `maxGap` line heights —
/// wider gaps (table columns, page gutters) stay apart. A vertical label cut between its
/// characters is joined the same way, down its column.
public enum LineFragments {
    public static func joined(_ boxes: [DetectedText], maxGap: Double = 0.5) -> [DetectedText] {
        var pieces = joinedColumns(boxes.map { Piece($0) }, maxGap: maxGap)
        var merged = true
        while merged {
            merged = false
            pieces.sort { $0.minX < $1.minX }
            outer: for i in pieces.indices where pieces[i].lying {
                for j in pieces.indices where j != i && pieces[j].lying && pieces[j].minX >= pieces[i].minX {
                    if pieces[i].continues(with: pieces[j], maxGap: maxGap) {
                        pieces[i] = pieces[i].union(pieces[j])
                        pieces.remove(at: j)
                        merged = true
                        break outer
                    }
                }
            }
        }
        return TextDetector.readingOrder(pieces.map(\.box))
    }

    /// A vertical line (a label set in a column) that DB cut between its characters: a piece
    /// clearly taller than wide and the square characters right above or below it, of the same
    /// width, about. Stacked single characters alone (table cells) are not joined.
    static func joinedColumns(_ pieces: [Piece], maxGap: Double) -> [Piece] {
        var pieces = pieces
        var merged = true
        while merged {
            merged = false
            pieces.sort { $0.minY < $1.minY }
            outer: for i in pieces.indices where !pieces[i].across {
                for j in pieces.indices
                where j != i && !pieces[j].across && pieces[j].minY >= pieces[i].minY
                    && (pieces[i].down || pieces[j].down) && pieces[i].continuesDown(with: pieces[j], maxGap: maxGap)
                {
                    pieces[i] = pieces[i].union(pieces[j])
                    pieces.remove(at: j)
                    merged = true
                    break outer
                }
            }
        }
        return pieces
    }

    struct Piece {
        var box: DetectedText
        var minX, minY, maxX, maxY: Double
        /// Near-horizontal: its bounds are the box itself.
        let upright: Bool

        init(_ box: DetectedText) {
            self.box = box
            (minX, minY, maxX, maxY) = box.quad.bounds
            let edge = box.quad.topRight - box.quad.topLeft
            upright = abs(atan2(edge.y, edge.x)) < 0.05
        }

        var height: Double { maxY - minY }
        var width: Double { maxX - minX }
        /// Upright and at least as wide as high: a line across, or a piece of one.
        var lying: Bool { upright && width >= height }
        /// Upright and clearly wider than high: a line across.
        var across: Bool { upright && width >= 1.5 * height }
        /// Upright and clearly higher than wide: a line down.
        var down: Bool { upright && height >= 1.5 * width }

        func continuesDown(with next: Piece, maxGap: Double) -> Bool {
            let columnWidth = (width + next.width) / 2
            let overlap = min(maxX, next.maxX) - max(minX, next.minX)
            let gap = next.minY - maxY
            return upright && next.upright && max(width, next.width) <= 1.5 * min(width, next.width)
                && overlap >= 0.7 * min(width, next.width)
                && gap <= maxGap * columnWidth && gap >= -0.5 * columnWidth
        }

        func continues(with next: Piece, maxGap: Double) -> Bool {
            let lineHeight = (height + next.height) / 2
            let overlap = min(maxY, next.maxY) - max(minY, next.minY)
            let gap = next.minX - maxX
            return max(height, next.height) <= 1.3 * min(height, next.height)
                && overlap >= 0.7 * min(height, next.height)
                && gap <= maxGap * lineHeight && gap >= -0.5 * lineHeight
        }

        func union(_ other: Piece) -> Piece {
            let x0 = min(minX, other.minX), y0 = min(minY, other.minY), x1 = max(maxX, other.maxX), y1 = max(maxY, other.maxY)
            let quad = Quad([Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)])
            let weight = maxX - minX, otherWeight = other.maxX - other.minX
            let score = (box.score * Float(weight) + other.box.score * Float(otherWeight)) / Float(max(1, weight + otherWeight))
            return Piece(DetectedText(quad: quad, score: score))
        }
    }
}
