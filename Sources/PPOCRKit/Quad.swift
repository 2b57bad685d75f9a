import Foundation

/// A point in pixels (x right, y down).
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }

    static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }
    static func + (a: Point, b: Point) -> Point { Point(x: a.x + b.x, y: a.y + b.y) }
    static func * (a: Point, s: Double) -> Point { Point(x: a.x * s, y: a.y * s) }
    var length: Double { (x * x + y * y).squareRoot() }
}

/// A text box as four corners: top-left, top-right, bottom-right, bottom-left of the text.
public struct Quad: Sendable, Hashable {
    public var corners: [Point]

    public init(_ corners: [Point]) {
        precondition(corners.count == 4)
        self.corners = corners
    }

    public var topLeft: Point { corners[0] }
    public var topRight: Point { corners[1] }
    public var bottomRight: Point { corners[2] }
    public var bottomLeft: Point { corners[3] }

    /// Length along the text and across it.
    public var width: Double { max((topRight - topLeft).length, (bottomRight - bottomLeft).length) }
    public var height: Double { max((bottomLeft - topLeft).length, (bottomRight - topRight).length) }

    /// The axis-aligned bounds: (minX, minY, maxX, maxY).
    public var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (corners.map(\.x).min()!, corners.map(\.y).min()!, corners.map(\.x).max()!, corners.map(\.y).max()!)
    }

    /// The point at fractions (u along the text, v across it), bilinear over the corners.
    public func point(u: Double, v: Double) -> Point {
        let top = topLeft + (topRight - topLeft) * u
        let bottom = bottomLeft + (bottomRight - bottomLeft) * u
        return top + (bottom - top) * v
    }

    /// The corners of a rotated rectangle, put in reading order (as PaddleOCR's `get_mini_boxes`
    /// and `order_points_clockwise` do): the two leftmost points are the left side.
    static func ordered(_ points: [Point]) -> Quad {
        let byX = points.sorted { $0.x < $1.x }
        let (topLeft, bottomLeft) = byX[1].y > byX[0].y ? (byX[0], byX[1]) : (byX[1], byX[0])
        let (topRight, bottomRight) = byX[3].y > byX[2].y ? (byX[2], byX[3]) : (byX[3], byX[2])
        return Quad([topLeft, topRight, bottomRight, bottomLeft])
    }
}

/// The minimum-area enclosing rectangle of a point set (rotating calipers over the convex hull).
/// Hand-written: the field's implementation is OpenCV's `minAreaRect`, C++ only.
struct RotatedRect {
    var corners: [Point]
    var width: Double
    var height: Double
    var shortSide: Double { min(width, height) }

    init(corners: [Point], width: Double, height: Double) {
        self.corners = corners
        self.width = width
        self.height = height
    }

    init?(enclosing points: [Point]) {
        let hull = Self.convexHull(points)
        guard hull.count >= 1 else { return nil }
        if hull.count < 3 {
            let a = hull[0], b = hull.last!
            let minX = min(a.x, b.x), maxX = max(a.x, b.x), minY = min(a.y, b.y), maxY = max(a.y, b.y)
            self.init(
                corners: [Point(x: minX, y: minY), Point(x: maxX, y: minY), Point(x: maxX, y: maxY), Point(x: minX, y: maxY)],
                width: maxX - minX, height: maxY - minY)
            return
        }
        var best: (area: Double, corners: [Point], width: Double, height: Double)?
        for index in hull.indices {
            let a = hull[index], b = hull[(index + 1) % hull.count]
            let edge = b - a
            let length = edge.length
            guard length > 0 else { continue }
            let ux = Point(x: edge.x / length, y: edge.y / length), uy = Point(x: -ux.y, y: ux.x)
            var minU = Double.infinity, maxU = -Double.infinity, minV = Double.infinity, maxV = -Double.infinity
            for p in hull {
                let d = p - a
                let u = d.x * ux.x + d.y * ux.y, v = d.x * uy.x + d.y * uy.y
                minU = min(minU, u); maxU = max(maxU, u); minV = min(minV, v); maxV = max(maxV, v)
            }
            let area = (maxU - minU) * (maxV - minV)
            if best == nil || area < best!.area {
                let corner = { (u: Double, v: Double) in a + ux * u + uy * v }
                best = (area, [corner(minU, minV), corner(maxU, minV), corner(maxU, maxV), corner(minU, maxV)], maxU - minU, maxV - minV)
            }
        }
        guard let best else { return nil }
        self.init(corners: best.corners, width: best.width, height: best.height)
    }

    /// The rectangle grown by `distance` on every side (PaddleOCR's unclip of a rectangle).
    func grown(by distance: Double) -> RotatedRect {
        let center = corners.reduce(Point(x: 0, y: 0), +) * 0.25
        let ux = corners[1] - corners[0], uy = corners[3] - corners[0]
        let lx = ux.length, ly = uy.length
        let ex = lx > 0 ? ux * (1 / lx) : Point(x: 1, y: 0), ey = ly > 0 ? uy * (1 / ly) : Point(x: 0, y: 1)
        let hx = lx / 2 + distance, hy = ly / 2 + distance
        let grown = [center - ex * hx - ey * hy, center + ex * hx - ey * hy, center + ex * hx + ey * hy, center - ex * hx + ey * hy]
        return RotatedRect(corners: grown, width: lx + 2 * distance, height: ly + 2 * distance)
    }

    /// Andrew's monotone chain.
    static func convexHull(_ points: [Point]) -> [Point] {
        let sorted = Array(Set(points)).sorted { $0.x == $1.x ? $0.y < $1.y : $0.x < $1.x }
        guard sorted.count > 2 else { return sorted }
        func cross(_ o: Point, _ a: Point, _ b: Point) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
        var lower: [Point] = [], upper: [Point] = []
        for p in sorted {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in sorted.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
