/// An EXIF orientation (1–8): how the stored pixels must be turned to show the image upright.
public struct Orientation: Sendable, Hashable, Codable, RawRepresentable {
    public let rawValue: Int

    /// Any value outside 1–8 (absent, 0, garbage) means "as stored".
    public init(rawValue: Int) { self.rawValue = (1...8).contains(rawValue) ? rawValue : 1 }

    public static let upright = Orientation(rawValue: 1)

    /// Clockwise rotation applied first, then ``mirrored`` (a left–right flip), to make the
    /// stored pixels upright. This is libvips' `autorot` order.
    public var clockwiseRotation: Int {
        switch rawValue {
        case 3, 4: 180
        case 5, 6: 90
        case 7, 8: 270
        default: 0
        }
    }

    public var mirrored: Bool { [2, 4, 5, 7].contains(rawValue) }

    /// Whether width and height trade places.
    public var swapsAxes: Bool { rawValue >= 5 }

    public var isUpright: Bool { rawValue == 1 }

    /// This orientation followed by a further clockwise turn of `degrees` (0, 90, 180 or 270):
    /// the EXIF orientation that does both at once.
    public func turned(clockwise degrees: Int) -> Orientation {
        let turn = ((degrees % 360) + 360) % 360
        // A mirror reverses the direction of the turns done before it.
        let rotation = ((mirrored ? clockwiseRotation - turn : clockwiseRotation + turn) % 360 + 360) % 360
        let unmirrored = [0: 1, 90: 6, 180: 3, 270: 8], mirroredValues = [0: 2, 90: 5, 180: 4, 270: 7]
        return Orientation(rawValue: (mirrored ? mirroredValues : unmirrored)[rotation] ?? 1)
    }

    public func uprightSize(ofStored size: PixelSize) -> PixelSize {
        swapsAxes ? PixelSize(width: size.height, height: size.width) : size
    }

    /// Maps a box in upright pixels back to the stored (as-encoded) pixels of an image whose
    /// stored size is `stored`: for drawing on, or cropping from, the original file.
    public func storedBox(forUpright box: Box, storedSize stored: PixelSize) -> Box {
        let upright = uprightSize(ofStored: stored)
        func toStored(_ px: Double, _ py: Double) -> (Double, Double) {
            var x = px, y = py
            let rotatedWidth = Double(upright.width)
            if mirrored { x = rotatedWidth - x }
            let w = Double(stored.width), h = Double(stored.height)
            switch clockwiseRotation {
            case 90: return (y, h - x)
            case 180: return (w - x, h - y)
            case 270: return (w - y, x)
            default: return (x, y)
            }
        }
        let a = toStored(Double(box.x), Double(box.y))
        let b = toStored(Double(box.maxX), Double(box.maxY))
        let left = Int(min(a.0, b.0)), top = Int(min(a.1, b.1))
        return Box(x: left, y: top, width: Int(max(a.0, b.0)) - left, height: Int(max(a.1, b.1)) - top)
    }
}
