import Foundation

/// Joins detected boxes that are pieces of one printed line.
///
/// DB detection cuts a line where words stand far apart (a label and its value, a number set
/// off by spaces); the service reports such a line as one item, and reading the joined box
/// gives the recogniser the gap to turn into a space. Only upright boxes are joined: side by
/// side, of similar height, overlapping vertically, with a gap under `maxGap` line heights —
/// wider gaps (table columns, page gutters) stay apart.
public enum LineFragments {
    public static func joined(_ boxes: [DetectedText], maxGap: Double = 0.8) -> [DetectedText] {
        var pieces = boxes.map { Piece($0) }
        var merged = true
        while merged {
            merged = false
            pieces.sort { $0.minX < $1.minX }
            outer: for i in pieces.indices where pieces[i].upright {
                for j in pieces.indices where j != i && pieces[j].upright && pieces[j].minX >= pieces[i].minX {
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

    struct Piece {
        var box: DetectedText
        var minX, minY, maxX, maxY: Double
        /// Near-horizontal and wider than high: its bounds are the line itself.
        let upright: Bool

        init(_ box: DetectedText) {
            self.box = box
            (minX, minY, maxX, maxY) = box.quad.bounds
            let edge = box.quad.topRight - box.quad.topLeft
            upright = abs(atan2(edge.y, edge.x)) < 0.05 && box.quad.width >= box.quad.height
        }

        var height: Double { maxY - minY }

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
