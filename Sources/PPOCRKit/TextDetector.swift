import Foundation

/// A text region the detector found, in the pixels of the image it was given.
public struct DetectedText: Sendable {
    public var quad: Quad
    /// Mean text probability inside the box.
    public var score: Float

    public init(quad: Quad, score: Float) {
        self.quad = quad
        self.score = score
    }
}

/// PP-OCR's detector (DB): a per-pixel text probability map, turned into rotated boxes.
public final class TextDetector: Sendable {
    public struct Options: Sendable {
        /// The short side the image is scaled to (up or down) for the network.
        public var shortSide = 736
        /// A small image is scaled up no further than this many pixels. On the corpus' 34 images
        /// with ground truth, 0.6 MP reads better than 1 MP (CER 0.0548 against 0.0563: three
        /// images gain, one loses a character) in 14 % less engine time; 0.5 MP and below lose
        /// characters on small print.
        public var maxUpscaledPixels = 600_000
        /// Probability over which a pixel is text.
        public var threshold = 0.3
        /// Mean probability a box needs to be kept.
        public var boxThreshold = 0.5
        /// How much a box grows past its core (PaddleOCR's unclip ratio).
        public var unclipRatio = 1.6
        public var maxCandidates = 1000
        /// Pieces of one line this many line heights apart or closer are joined (0: never);
        /// see ``LineFragments``.
        public var maxFragmentGap = 0.5
        public init() {}
    }

    let session: InferenceSession
    public let options: Options

    public init(session: InferenceSession, options: Options = Options()) {
        self.session = session
        self.options = options
    }

    /// The size the network reads an image of `width`×`height` at: the short side scaled to
    /// ``Options/shortSide`` (up to ``Options/maxUpscaledPixels`` when enlarging), both sides
    /// rounded to multiples of 32.
    public func inputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        var ratio = Double(options.shortSide) / Double(min(width, height))
        if ratio > 1 { ratio = min(ratio, max(1, (Double(options.maxUpscaledPixels) / Double(width * height)).squareRoot())) }
        let w = Int(Double(width) * ratio), h = Int(Double(height) * ratio)
        return (max(32, Int((Double(w) / 32).rounded()) * 32), max(32, Int((Double(h) / 32).rounded()) * 32))
    }

    /// Detects text in `scaled` (the image already at ``inputSize(width:height:)``), returning
    /// boxes in the coordinates of the `width`×`height` original, in reading order.
    public func detect(scaled: RGBImage, originalWidth width: Int, originalHeight height: Int, deadline: Deadline? = nil) throws -> [DetectedText] {
        var input = [Float](repeating: 0, count: 3 * scaled.width * scaled.height)
        scaled.normalizedPlanes(into: &input, at: 0, canvasWidth: scaled.width)
        // The detector's buffers are the largest, and it runs once per view: they go back at once.
        let output = try session.run(Tensor(shape: [1, 3, scaled.height, scaled.width], values: input), deadline: deadline, releasingMemory: true)
        guard output.shape.count == 4, output.shape[2] == scaled.height, output.shape[3] == scaled.width else {
            throw OnnxRuntimeError("the detection model answered with shape \(output.shape) for \(scaled.width)×\(scaled.height)")
        }
        let boxes = boxes(probabilities: output.values, width: scaled.width, height: scaled.height, destWidth: width, destHeight: height)
        return options.maxFragmentGap > 0 ? LineFragments.joined(boxes, maxGap: options.maxFragmentGap) : Self.readingOrder(boxes)
    }

    /// DB post-processing: threshold, 2×2 dilation, connected regions, minimum-area rectangles,
    /// box score, unclip, scaling to the destination.
    func boxes(probabilities map: [Float], width: Int, height: Int, destWidth: Int, destHeight: Int) -> [DetectedText] {
        var mask = [Bool](repeating: false, count: width * height)
        let threshold = Float(options.threshold)
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                // Dilation by a 2×2 kernel anchored at its lower right.
                mask[i] =
                    map[i] > threshold
                    || (x > 0 && map[i - 1] > threshold)
                    || (y > 0 && map[i - width] > threshold)
                    || (x > 0 && y > 0 && map[i - width - 1] > threshold)
            }
        }
        var found: [DetectedText] = []
        for region in Self.regions(mask, width: width, height: height).prefix(options.maxCandidates) {
            guard let core = RotatedRect(enclosing: region), core.shortSide >= 3 else { continue }
            let score = Self.meanProbability(map, width: width, height: height, inside: core.corners)
            guard Double(score) >= options.boxThreshold else { continue }
            let perimeter = 2 * (core.width + core.height)
            let grown = core.grown(by: perimeter > 0 ? core.width * core.height * options.unclipRatio / perimeter : 0)
            guard grown.shortSide >= 5 else { continue }
            let sx = Double(destWidth) / Double(width), sy = Double(destHeight) / Double(height)
            let corners = grown.corners.map {
                Point(x: min(max(($0.x * sx).rounded(), 0), Double(destWidth)), y: min(max(($0.y * sy).rounded(), 0), Double(destHeight)))
            }
            var quad = Quad.ordered(corners)
            quad.corners = quad.corners.map { Point(x: min(max($0.x, 0), Double(destWidth - 1)), y: min(max($0.y, 0), Double(destHeight - 1))) }
            guard Int((quad.topRight - quad.topLeft).length) > 3, Int((quad.bottomLeft - quad.topLeft).length) > 3 else { continue }
            found.append(DetectedText(quad: quad, score: score))
        }
        return found
    }

    /// The boundary pixels of each 8-connected region of `mask`, in raster order of first pixel.
    /// Hand-written: connected-component labelling is in no C library on Debian short of OpenCV.
    static func regions(_ mask: [Bool], width: Int, height: Int) -> [[Point]] {
        var label = [Int32](repeating: 0, count: mask.count)
        var regions: [[Point]] = []
        var stack: [Int] = []
        for start in mask.indices where mask[start] && label[start] == 0 {
            let id = Int32(regions.count + 1)
            var boundary: [Point] = []
            label[start] = id
            stack.append(start)
            while let i = stack.popLast() {
                let x = i % width, y = i / width
                var edge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                        let j = ny * width + nx
                        if !mask[j] {
                            if dx == 0 || dy == 0 { edge = true }
                        } else if label[j] == 0 {
                            label[j] = id
                            stack.append(j)
                        }
                    }
                }
                if edge { boundary.append(Point(x: Double(x), y: Double(y))) }
            }
            regions.append(boundary)
        }
        return regions
    }

    /// Mean of `map` over the pixels whose centres lie in the convex polygon `corners`.
    static func meanProbability(_ map: [Float], width: Int, height: Int, inside corners: [Point]) -> Float {
        let minX = max(0, Int(corners.map(\.x).min()!.rounded(.down))), maxX = min(width - 1, Int(corners.map(\.x).max()!.rounded(.up)))
        let minY = max(0, Int(corners.map(\.y).min()!.rounded(.down))), maxY = min(height - 1, Int(corners.map(\.y).max()!.rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return 0 }
        var sum: Float = 0
        var count = 0
        for y in minY...maxY {
            for x in minX...maxX where contains(corners, Point(x: Double(x), y: Double(y))) {
                sum += map[y * width + x]
                count += 1
            }
        }
        return count > 0 ? sum / Float(count) : 0
    }

    static func contains(_ polygon: [Point], _ p: Point) -> Bool {
        var sign = 0
        for index in polygon.indices {
            let a = polygon[index], b = polygon[(index + 1) % polygon.count]
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            if abs(cross) < 1e-9 { continue }
            let s = cross > 0 ? 1 : -1
            if sign == 0 { sign = s } else if s != sign { return false }
        }
        return true
    }

    /// PaddleOCR's order: by top edge, and boxes whose tops are within 10 px left to right.
    static func readingOrder(_ boxes: [DetectedText]) -> [DetectedText] {
        var sorted = boxes.sorted { ($0.quad.topLeft.y, $0.quad.topLeft.x) < ($1.quad.topLeft.y, $1.quad.topLeft.x) }
        guard sorted.count > 1 else { return sorted }
        for i in 0..<(sorted.count - 1) {
            var j = i
            while j >= 0, abs(sorted[j + 1].quad.topLeft.y - sorted[j].quad.topLeft.y) < 10, sorted[j + 1].quad.topLeft.x < sorted[j].quad.topLeft.x {
                sorted.swapAt(j, j + 1)
                j -= 1
            }
        }
        return sorted
    }
}
