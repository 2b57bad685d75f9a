import Foundation

/// A line PP-OCR read: its box in the image's pixels, its text and per-character positions.
public struct PPOCRLine: Sendable {
    public var quad: Quad
    public var detectionScore: Float
    public var text: RecognizedText
    /// The crop was read turned 180°: character positions run from the quad's right end.
    public var turned: Bool
    /// The crop was read turned 90° (a vertical line): positions run down the quad.
    public var vertical: Bool
    /// For a box within 6° of upright, the axis-aligned box around its ink (``quad`` carries the
    /// detector's margin); `nil` for a rotated box or when the ink could not be told apart.
    public var ink: Quad?

    /// The same line with its corners moved by `transform` (into other pixels).
    public func mapped(_ transform: (Point) -> Point) -> PPOCRLine {
        var line = self
        line.quad.corners = quad.corners.map(transform)
        line.ink = ink.map { Quad($0.corners.map(transform)) }
        return line
    }
}

/// The three PP-OCR models and how they are chained: detect, warp each box upright, classify
/// direction, recognise.
public final class PPOCR: Sendable {
    /// The files of a model folder, as `scripts/install-ppocr.sh` names them.
    public static let detectionModel = "PP-OCRv6_det_small.onnx"
    public static let recognitionModel = "PP-OCRv6_rec_small.onnx"
    public static let classifierModel = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"

    public let detector: TextDetector
    public let recognizer: TextRecognizer
    public let classifier: DirectionClassifier?
    /// Lines whose recognition score is below this are dropped.
    public let textScore: Double
    /// RapidOCR's default ``textScore``.
    public static let defaultTextScore = 0.5

    public init(
        modelFolder: String, runtime: OnnxRuntime, threads: Int, detector options: TextDetector.Options = .init(),
        useClassifier: Bool = true, textScore: Double = defaultTextScore
    ) throws {
        func session(_ file: String, name: String) throws -> InferenceSession {
            try InferenceSession(model: (modelFolder as NSString).appendingPathComponent(file), runtime: runtime, threads: threads, label: name)
        }
        detector = TextDetector(session: try session(Self.detectionModel, name: "detection"), options: options)
        recognizer = try TextRecognizer(session: try session(Self.recognitionModel, name: "recognition"))
        classifier = useClassifier ? DirectionClassifier(session: try session(Self.classifierModel, name: "line direction")) : nil
        self.textScore = textScore
    }

    /// Reads `image`; `scaledForDetection` is `image` at ``TextDetector/inputSize(width:height:)``
    /// (scaled by the caller, who has a better resampler).
    public func read(_ image: RGBImage, scaledForDetection: RGBImage, deadline: Deadline? = nil) throws -> [PPOCRLine] {
        let boxes = try detector.detect(scaled: scaledForDetection, originalWidth: image.width, originalHeight: image.height, deadline: deadline)
        return try recognize(boxes, in: image, deadline: deadline)
    }

    /// Recognises the given boxes of `image` (already detected, perhaps tile by tile);
    /// `turningLines: false` reads every line as it lies, without the direction classifier.
    public func recognize(_ boxes: [DetectedText], in image: RGBImage, deadline: Deadline? = nil, turningLines: Bool = true) throws -> [PPOCRLine] {
        var crops: [RGBImage] = []
        var vertical: [Bool] = []
        for box in boxes {
            // Each line is warped straight to the recogniser's height; a vertical one (half as
            // high again as wide) is warped standing and then turned to read across.
            let width = max(1, box.quad.width), height = max(1, box.quad.height)
            let isVertical = height / width >= 1.5
            let length = Int((Double(TextRecognizer.height) * (isVertical ? height / width : width / height)).rounded(.up))
            let crop =
                isVertical
                ? image.warped(box.quad, width: TextRecognizer.height, height: length).rotatedCounterClockwise()
                : image.warped(box.quad, width: length, height: TextRecognizer.height)
            crops.append(crop)
            vertical.append(isVertical)
        }
        let turned = try (turningLines ? classifier?.upsideDown(crops, deadline: deadline) : nil) ?? Array(repeating: false, count: crops.count)
        for index in crops.indices where turned[index] { crops[index] = crops[index].rotatedHalfTurn() }
        let texts = try recognizer.recognize(crops, deadline: deadline)
        return boxes.indices.compactMap { index in
            let text = texts[index]
            guard !text.characters.isEmpty, Double(text.score) >= textScore else { return nil }
            let quad = boxes[index].quad
            let edge = quad.topRight - quad.topLeft
            let ink =
                abs(atan2(edge.y, edge.x)) < 0.1
                ? InkBounds.of(quad.bounds, in: image).map {
                    Quad([Point(x: $0.minX, y: $0.minY), Point(x: $0.maxX, y: $0.minY), Point(x: $0.maxX, y: $0.maxY), Point(x: $0.minX, y: $0.maxY)])
                } : nil
            return PPOCRLine(quad: quad, detectionScore: boxes[index].score, text: text, turned: turned[index], vertical: vertical[index], ink: ink)
        }
    }
}
