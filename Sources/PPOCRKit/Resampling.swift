import Foundation

extension RGBImage {
    /// The quadrilateral `quad` of this image, warped upright to `width`×`height` (bilinear over
    /// the corners, which is exact for the rotated rectangles the detector finds). Sampling is
    /// averaged over the source footprint of each output pixel, so a strong reduction does not alias.
    func warped(_ quad: Quad, width: Int, height: Int) -> RGBImage {
        let width = max(1, width), height = max(1, height)
        let footprintX = quad.width / Double(width), footprintY = quad.height / Double(height)
        let stepsX = max(1, Int(footprintX.rounded(.up))), stepsY = max(1, Int(footprintY.rounded(.up)))
        var out = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var sums = (0.0, 0.0, 0.0)
                for sy in 0..<stepsY {
                    let v = (Double(y) + (Double(sy) + 0.5) / Double(stepsY)) / Double(height)
                    for sx in 0..<stepsX {
                        let u = (Double(x) + (Double(sx) + 0.5) / Double(stepsX)) / Double(width)
                        let p = quad.point(u: u, v: v)
                        // Pixel centres sit at integer coordinates.
                        sums.0 += sample(p.x - 0.5, p.y - 0.5, 0)
                        sums.1 += sample(p.x - 0.5, p.y - 0.5, 1)
                        sums.2 += sample(p.x - 0.5, p.y - 0.5, 2)
                    }
                }
                let n = Double(stepsX * stepsY), at = (y * width + x) * 3
                out[at] = UInt8(min(255, max(0, (sums.0 / n).rounded())))
                out[at + 1] = UInt8(min(255, max(0, (sums.1 / n).rounded())))
                out[at + 2] = UInt8(min(255, max(0, (sums.2 / n).rounded())))
            }
        }
        return RGBImage(width: width, height: height, bytes: out)
    }

    /// The whole image resized to `width`×`height`.
    func resized(width: Int, height: Int) -> RGBImage {
        let w = Double(self.width), h = Double(self.height)
        return warped(Quad([Point(x: 0, y: 0), Point(x: w, y: 0), Point(x: w, y: h), Point(x: 0, y: h)]), width: width, height: height)
    }

    /// Turned 90° counter-clockwise (a vertical line read as horizontal).
    func rotatedCounterClockwise() -> RGBImage {
        var out = [UInt8](repeating: 0, count: bytes.count)
        for y in 0..<height {
            for x in 0..<width {
                let source = (y * width + x) * 3, target = ((width - 1 - x) * height + y) * 3
                out[target] = bytes[source]; out[target + 1] = bytes[source + 1]; out[target + 2] = bytes[source + 2]
            }
        }
        return RGBImage(width: height, height: width, bytes: out)
    }

    /// Turned 180°.
    func rotatedHalfTurn() -> RGBImage {
        var out = [UInt8](repeating: 0, count: bytes.count)
        let count = width * height
        for index in 0..<count {
            let source = index * 3, target = (count - 1 - index) * 3
            out[target] = bytes[source]; out[target + 1] = bytes[source + 1]; out[target + 2] = bytes[source + 2]
        }
        return RGBImage(width: width, height: height, bytes: out)
    }
}
