import Foundation

extension RGBImage {
    /// The quadrilateral `quad` of this image, warped upright to `width`×`height` (bilinear over
    /// the corners, which is exact for the rotated rectangles the detector finds). Sampling is
    /// averaged over the source footprint of each output pixel, so a strong reduction does not alias.
    /// Hand-written: a rotated line goes straight to the recogniser's 48 px in one pass, where
    /// libvips would need a crop, an affine and a reduction per line.
    func warped(_ quad: Quad, width: Int, height: Int) -> RGBImage {
        let width = max(1, width), height = max(1, height)
        let stepsX = max(1, Int((quad.width / Double(width)).rounded(.up))), stepsY = max(1, Int((quad.height / Double(height)).rounded(.up)))
        let count = Double(stepsX * stepsY)
        // The corners' bilinear map, as p(u, v) = origin + u·across + v·down + u·v·twist.
        let origin = quad.topLeft, across = quad.topRight - quad.topLeft, down = quad.bottomLeft - quad.topLeft
        let twist = quad.bottomRight - quad.bottomLeft - across
        var out = [UInt8](repeating: 0, count: width * height * 3)
        bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let maxX = Double(self.width - 1), maxY = Double(self.height - 1)
                for y in 0..<height {
                    for x in 0..<width {
                        var red = 0.0, green = 0.0, blue = 0.0
                        for sy in 0..<stepsY {
                            let v = (Double(y) + (Double(sy) + 0.5) / Double(stepsY)) / Double(height)
                            for sx in 0..<stepsX {
                                let u = (Double(x) + (Double(sx) + 0.5) / Double(stepsX)) / Double(width)
                                // Pixel centres sit at integer coordinates; edges are replicated.
                                let px = min(max(origin.x + u * across.x + v * down.x + u * v * twist.x - 0.5, 0), maxX)
                                let py = min(max(origin.y + u * across.y + v * down.y + u * v * twist.y - 0.5, 0), maxY)
                                let x0 = Int(px), y0 = Int(py)
                                let x1 = min(x0 + 1, self.width - 1), y1 = min(y0 + 1, self.height - 1)
                                let fx = px - Double(x0), fy = py - Double(y0)
                                let w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy
                                let a = (y0 * self.width + x0) * 3, b = (y0 * self.width + x1) * 3
                                let c = (y1 * self.width + x0) * 3, d = (y1 * self.width + x1) * 3
                                red += w00 * Double(source[a]) + w10 * Double(source[b]) + w01 * Double(source[c]) + w11 * Double(source[d])
                                green += w00 * Double(source[a + 1]) + w10 * Double(source[b + 1]) + w01 * Double(source[c + 1]) + w11 * Double(source[d + 1])
                                blue += w00 * Double(source[a + 2]) + w10 * Double(source[b + 2]) + w01 * Double(source[c + 2]) + w11 * Double(source[d + 2])
                            }
                        }
                        let at = (y * width + x) * 3
                        target[at] = UInt8(min(255, max(0, (red / count).rounded())))
                        target[at + 1] = UInt8(min(255, max(0, (green / count).rounded())))
                        target[at + 2] = UInt8(min(255, max(0, (blue / count).rounded())))
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, bytes: out)
    }

    /// The whole image resized to `width`×`height` (itself when it has that size already).
    func resized(width: Int, height: Int) -> RGBImage {
        guard width != self.width || height != self.height else { return self }
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
