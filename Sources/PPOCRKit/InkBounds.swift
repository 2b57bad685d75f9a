/// The ink inside a detected box. DB's boxes carry a margin that grows with the line (about a
/// third of its height, the unclip); the service and Tesseract report boxes around the ink.
/// The box is split into ink and paper by Otsu's threshold (hand-written: a histogram and a
/// sweep, no library needed) and shrunk to the strokes inside it, never grown.
enum InkBounds {
    /// The box's ink bounds in `image`, or `nil` when the split is unclear (the box stays).
    static func of(
        _ bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double), in image: RGBImage
    ) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        let x0 = max(0, Int(bounds.minX)), y0 = max(0, Int(bounds.minY))
        let x1 = min(image.width, Int(bounds.maxX.rounded(.up))), y1 = min(image.height, Int(bounds.maxY.rounded(.up)))
        let width = x1 - x0, height = y1 - y0
        guard width >= 4, height >= 4 else { return nil }
        var grey = [UInt8](repeating: 0, count: width * height)
        var histogram = [Int](repeating: 0, count: 256)
        for y in 0..<height {
            for x in 0..<width {
                let source = ((y0 + y) * image.width + x0 + x) * 3
                let red = Int(image.bytes[source]) * 299, green = Int(image.bytes[source + 1]) * 587, blue = Int(image.bytes[source + 2]) * 114
                let value = UInt8((red + green + blue) / 1000)
                grey[y * width + x] = value
                histogram[Int(value)] += 1
            }
        }
        guard let threshold = otsu(histogram, count: width * height) else { return nil }
        let dark = histogram[0...threshold].reduce(0, +)
        // Ink is the smaller class: text covers less of its box than the paper around it.
        let inkIsDark = dark * 2 <= width * height
        // The ink is the strokes inside the box: connected ink that touches the box's edge is
        // what the margin caught of the background or a neighbour, and specks are noise.
        var isInk = grey.map { ($0 <= threshold) == inkIsDark }
        var left = width, right = -1, top = height, bottom = -1
        var stack: [Int] = []
        for start in isInk.indices where isInk[start] {
            isInk[start] = false
            stack.append(start)
            var count = 0, touchesEdge = false
            var minX = width, maxX = -1, minY = height, maxY = -1
            while let index = stack.popLast() {
                let x = index % width, y = index / width
                count += 1
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                if x == 0 || y == 0 || x == width - 1 || y == height - 1 { touchesEdge = true }
                if x > 0 && isInk[index - 1] { isInk[index - 1] = false; stack.append(index - 1) }
                if x < width - 1 && isInk[index + 1] { isInk[index + 1] = false; stack.append(index + 1) }
                if y > 0 && isInk[index - width] { isInk[index - width] = false; stack.append(index - width) }
                if y < height - 1 && isInk[index + width] { isInk[index + width] = false; stack.append(index + width) }
            }
            guard !touchesEdge, count >= 4 else { continue }
            left = min(left, minX); right = max(right, maxX); top = min(top, minY); bottom = max(bottom, maxY)
        }
        guard right >= left, bottom >= top else { return nil }
        let inkHeight = bottom - top + 1, inkWidth = right - left + 1
        // Keep the detector's box when the ink fills too little of it: a faint line on a busy
        // background would otherwise shrink to a stroke or a speck. DB's unclip (ratio 1.6)
        // makes a long line's box about 2.6 times its text height and a single character's 1.8
        // times, so real ink spans 0.38–0.55 of the box: a quarter is the floor.
        guard Double(inkHeight) >= 0.25 * Double(height), Double(inkWidth) >= 0.25 * Double(width) else { return nil }
        return (Double(x0 + left), Double(y0 + top), Double(x0 + right + 1), Double(y0 + bottom + 1))
    }

    /// The grey level that best splits the histogram in two (largest between-class variance),
    /// `nil` for a flat box.
    static func otsu(_ histogram: [Int], count: Int) -> Int? {
        let total = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.element) }
        var below = 0, belowSum = 0.0, best = -1.0, threshold: Int?
        for level in 0..<255 {
            below += histogram[level]
            belowSum += Double(level * histogram[level])
            let above = count - below
            guard below > 0, above > 0 else { continue }
            let meanBelow = belowSum / Double(below), meanAbove = (total - belowSum) / Double(above)
            let variance = Double(below) * Double(above) * (meanBelow - meanAbove) * (meanBelow - meanAbove)
            if variance > best { best = variance; threshold = level }
        }
        // Two classes only a few grey levels apart are noise on a flat box.
        guard let threshold else { return nil }
        var lowCount = 0, lowSum = 0.0
        for level in 0...threshold {
            lowCount += histogram[level]
            lowSum += Double(level * histogram[level])
        }
        let low = lowSum / Double(max(1, lowCount)), high = (total - lowSum) / Double(max(1, count - lowCount))
        return high - low >= 24 ? threshold : nil
    }
}
