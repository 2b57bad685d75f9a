import CharacterWidth
import Foundation

/// One recognised character: its text, the network's probability for it, and where it is
/// along the line (fractions 0…1 of the crop's width).
public struct RecognizedCharacter: Sendable {
    public var text: String
    public var confidence: Float
    public var start: Double
    public var end: Double
}

/// What the recogniser read in one line crop.
public struct RecognizedText: Sendable {
    public var characters: [RecognizedCharacter]
    public var text: String { characters.map(\.text).joined() }
    /// Mean probability of the kept characters (0 when none).
    public var score: Float {
        characters.isEmpty ? 0 : characters.map(\.confidence).reduce(0, +) / Float(characters.count)
    }
}

/// PP-OCR's recogniser (SVTR + CTC): line crops at 48 px high, greedy CTC decoding with the
/// dictionary the model carries in its metadata.
public final class TextRecognizer: Sendable {
    static let height = 48
    let session: InferenceSession
    /// Class 0 is the CTC blank; then the dictionary; then a space.
    let classes: [String]
    let batchSize: Int

    public init(session: InferenceSession, batchSize: Int = 6) throws {
        guard let dictionary = session.metadata["character"], !dictionary.isEmpty else {
            throw OnnxRuntimeError("the recognition model carries no `character` dictionary in its metadata")
        }
        self.session = session
        classes = ["<blank>"] + dictionary.components(separatedBy: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } + [" "]
        self.batchSize = batchSize
    }

    /// Reads each crop; results are in the crops' order. Crops go in batches of similar width
    /// (sorted by aspect, as PaddleOCR does), padded to the widest, at least 320 px; a batch of
    /// wide lines holds fewer, so its output (steps × 18,710 classes) stays near 18 MB.
    public func recognize(_ crops: [RGBImage], deadline: Deadline? = nil) throws -> [RecognizedText] {
        var results = [RecognizedText](repeating: RecognizedText(characters: []), count: crops.count)
        let order = crops.indices.sorted { Self.ratio(crops[$0]) < Self.ratio(crops[$1]) }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, end - start < batchSize,
                (end - start + 1) * Self.canvasWidth(for: Self.ratio(crops[order[end]])) <= batchSize * Self.minimumWidth
            {
                end += 1
            }
            let batch = Array(order[start..<end])
            start = end
            let canvas = Self.canvasWidth(for: batch.map { Self.ratio(crops[$0]) }.max() ?? 0)
            var input = [Float](repeating: 0, count: batch.count * 3 * Self.height * canvas)
            var widths: [Int] = []
            for (slot, index) in batch.enumerated() {
                let width = min(canvas, Int((Double(Self.height) * Self.ratio(crops[index])).rounded(.up)))
                let line = crops[index].resized(width: max(1, width), height: Self.height)
                line.normalizedPlanes(into: &input, at: slot * 3 * Self.height * canvas, canvasWidth: canvas)
                widths.append(max(1, width))
            }
            try session.run(
                Tensor(shape: [batch.count, 3, Self.height, canvas], values: input), deadline: deadline, releasingMemory: end == order.count
            ) { shape, values in
                guard shape.count == 3, shape[0] == batch.count, shape[2] == classes.count else {
                    throw OnnxRuntimeError("the recognition model answered with shape \(shape); its dictionary has \(classes.count) classes")
                }
                for (slot, index) in batch.enumerated() {
                    results[index] = decode(
                        values, offset: slot * shape[1] * classes.count, steps: shape[1],
                        usedFraction: Double(widths[slot]) / Double(canvas))
                }
            }
        }
        return results
    }

    /// The narrowest canvas PaddleOCR pads a batch to.
    static let minimumWidth = 320

    /// The canvas for lines up to `ratio` (width / height) long.
    static func canvasWidth(for ratio: Double) -> Int { max(minimumWidth, Int(Double(height) * ratio)) }

    static func ratio(_ image: RGBImage) -> Double { Double(image.width) / Double(image.height) }

    /// Greedy CTC: the best class per step, repeats merged, blanks dropped. A character spans
    /// the steps of its run; `usedFraction` is the share of the canvas the crop filled.
    func decode(_ values: UnsafeBufferPointer<Float>, offset: Int, steps: Int, usedFraction: Double) -> RecognizedText {
        var characters: [RecognizedCharacter] = []
        var previous = -1
        let stepWidth = 1 / (Double(steps) * usedFraction)
        for step in 0..<steps {
            let (best, bestValue) = Self.argmax(UnsafeBufferPointer(rebasing: values[(offset + step * classes.count)..<(offset + (step + 1) * classes.count)]))
            defer { previous = best }
            if best == previous, best != 0, !characters.isEmpty {
                characters[characters.count - 1].end = min(1, Double(step + 1) * stepWidth)
                continue
            }
            guard best != 0 else { continue }
            characters.append(
                RecognizedCharacter(
                    text: classes[best], confidence: bestValue,
                    start: min(1, Double(step) * stepWidth), end: min(1, Double(step + 1) * stepWidth)))
        }
        // The model puts a space class in the gap between two full-width glyphs ("２ ０ ２ ４");
        // such text has no spaces.
        characters = characters.indices.compactMap { index in
            let character = characters[index]
            guard character.text == " ", index > 0, index + 1 < characters.count,
                let before = characters[index - 1].text.unicodeScalars.last, let after = characters[index + 1].text.unicodeScalars.first,
                WideCharacters.contains(before), WideCharacters.contains(after)
            else { return character }
            return nil
        }
        return RecognizedText(characters: characters)
    }

    /// The index and value of the largest element (the first of equals), in one pass eight
    /// lanes at a time: each lane keeps its own best and the chunk it came from.
    static func argmax(_ values: UnsafeBufferPointer<Float>) -> (index: Int, value: Float) {
        let lanes = SIMD8<Float>.scalarCount
        var best = SIMD8<Float>(repeating: -.infinity)
        var bestChunk = SIMD8<Int32>(repeating: 0)
        var chunk = SIMD8<Int32>(repeating: 0)
        let whole = values.count / lanes * lanes
        let raw = UnsafeRawPointer(values.baseAddress!)
        for offset in stride(from: 0, to: whole, by: lanes) {
            let next = raw.loadUnaligned(fromByteOffset: offset * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
            let better = next .> best
            best.replace(with: next, where: better)
            bestChunk.replace(with: chunk, where: better)
            chunk &+= 1
        }
        var index = 0, value = -Float.infinity
        for lane in 0..<lanes {
            let candidate = Int(bestChunk[lane]) * lanes + lane
            if best[lane] > value || (best[lane] == value && candidate < index) { (index, value) = (candidate, best[lane]) }
        }
        for candidate in whole..<values.count where values[candidate] > value { (index, value) = (candidate, values[candidate]) }
        return (index, value)
    }
}

/// PP-OCR's direction classifier: whether a line crop is upside down.
public final class DirectionClassifier: Sendable {
    let session: InferenceSession
    let threshold: Float
    let batchSize = 6

    public init(session: InferenceSession, threshold: Float = 0.9) {
        self.session = session
        self.threshold = threshold
    }

    /// For each crop, whether it should be turned 180°.
    public func upsideDown(_ crops: [RGBImage], deadline: Deadline? = nil) throws -> [Bool] {
        var flags = [Bool](repeating: false, count: crops.count)
        let height = 48, canvas = 192
        for start in stride(from: 0, to: crops.count, by: batchSize) {
            let batch = Array(start..<min(crops.count, start + batchSize))
            var input = [Float](repeating: 0, count: batch.count * 3 * height * canvas)
            for (slot, index) in batch.enumerated() {
                let width = min(canvas, Int((Double(height) * TextRecognizer.ratio(crops[index])).rounded(.up)))
                crops[index].resized(width: max(1, width), height: height)
                    .normalizedPlanes(into: &input, at: slot * 3 * height * canvas, canvasWidth: canvas)
            }
            let output = try session.run(
                Tensor(shape: [batch.count, 3, height, canvas], values: input), deadline: deadline, releasingMemory: start + batchSize >= crops.count)
            guard output.shape == [batch.count, 2] else { throw OnnxRuntimeError("the direction model answered with shape \(output.shape)") }
            for (slot, index) in batch.enumerated() {
                let upright = output.values[slot * 2], turned = output.values[slot * 2 + 1]
                flags[index] = turned > upright && turned > threshold
            }
        }
        return flags
    }
}
