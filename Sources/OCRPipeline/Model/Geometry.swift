/// An axis-aligned rectangle in integer pixels: top-left corner and size. This is the
/// service's `itemcoord` shape.
public struct Box: Sendable, Hashable, Codable, JSONRepresentable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var area: Int { max(0, width) * max(0, height) }
    public var centerX: Double { Double(x) + Double(width) / 2 }
    public var centerY: Double { Double(y) + Double(height) / 2 }

    /// The overlap of two boxes, `nil` when they do not overlap.
    public func intersection(_ other: Box) -> Box? {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return nil }
        return Box(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The smallest box holding both.
    public func union(_ other: Box) -> Box {
        let left = min(x, other.x), top = min(y, other.y)
        return Box(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }

    /// Whether `other` lies wholly inside this box.
    public func contains(_ other: Box) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    /// Whether the point lies inside this box (its left and top edges included).
    public func contains(x px: Double, y py: Double) -> Bool {
        px >= Double(x) && py >= Double(y) && px < Double(maxX) && py < Double(maxY)
    }

    /// Intersection over the smaller box's area (1 when one box lies inside the other).
    public func intersectionOverSmaller(_ other: Box) -> Double {
        guard let overlap = intersection(other) else { return 0 }
        let smaller = min(area, other.area)
        return smaller > 0 ? Double(overlap.area) / Double(smaller) : 0
    }

    public var json: JSONValue { ["x": .int(x), "y": .int(y), "width": .int(width), "height": .int(height)] }

    public init?(json: JSONValue) {
        guard let x = json["x"]?.intValue, let y = json["y"]?.intValue,
            let width = json["width"]?.intValue, let height = json["height"]?.intValue
        else { return nil }
        self.init(x: x, y: y, width: width, height: height)
    }
}

/// A point in pixels (fractional where an engine says so).
public struct PixelPoint: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// Width and height in pixels.
public struct PixelSize: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    /// Width × height, saturating at `Int.max` for sizes only a hostile header declares.
    public var pixels: Int {
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? .max : product
    }
    public var longSide: Int { max(width, height) }
    public var shortSide: Int { min(width, height) }
}

/// How a view's pixels relate to the upright original image: a view pixel (vx, vy) shows the
/// original pixel (offsetX + vx / scaleX, offsetY + vy / scaleY).
public struct ViewTransform: Sendable, Hashable, JSONRepresentable {
    /// Where the view's top-left corner lies in the upright original, in original pixels.
    public var offsetX: Int
    public var offsetY: Int
    /// View pixels per original pixel (1 for a tile at full resolution, < 1 when downscaled).
    public var scaleX: Double
    public var scaleY: Double

    public init(offsetX: Int = 0, offsetY: Int = 0, scaleX: Double = 1, scaleY: Double = 1) {
        self.offsetX = offsetX; self.offsetY = offsetY; self.scaleX = scaleX; self.scaleY = scaleY
    }

    public static let identity = ViewTransform()

    /// A point in view pixels, mapped to upright original pixels.
    public func toOriginal(_ point: PixelPoint) -> PixelPoint {
        PixelPoint(x: Double(offsetX) + point.x / scaleX, y: Double(offsetY) + point.y / scaleY)
    }

    /// A box in view pixels, mapped to upright original pixels (rounded outwards).
    public func toOriginal(_ box: Box) -> Box {
        let left = Double(offsetX) + Double(box.x) / scaleX
        let top = Double(offsetY) + Double(box.y) / scaleY
        let right = Double(offsetX) + Double(box.maxX) / scaleX
        let bottom = Double(offsetY) + Double(box.maxY) / scaleY
        let x = Int(left.rounded(.down)), y = Int(top.rounded(.down))
        return Box(x: x, y: y, width: Int(right.rounded(.up)) - x, height: Int(bottom.rounded(.up)) - y)
    }

    /// The same region at a further scale (as when a view is downscaled to fit the budget).
    public func scaled(by sx: Double, _ sy: Double) -> ViewTransform {
        ViewTransform(offsetX: offsetX, offsetY: offsetY, scaleX: scaleX * sx, scaleY: scaleY * sy)
    }

    public var json: JSONValue {
        ["offset_x": .int(offsetX), "offset_y": .int(offsetY), "scale_x": .double(scaleX), "scale_y": .double(scaleY)]
    }
}
