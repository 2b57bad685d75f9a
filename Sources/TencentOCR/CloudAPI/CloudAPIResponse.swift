import Foundation
import OCRPipeline

/// An API 3.0 answer: `{"Response": {"TextDetections": [...], "RequestId": ...}}`, or
/// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` (HTTP 200 either way).
public enum CloudAPIResponse: Sendable {
    case detections([OCRItem], requestId: String)
    case error(code: String, message: String, requestId: String)

    /// `nil` when the body is not a JSON object with a `Response` object.
    public init?(body: Data) {
        guard let document = try? JSONValue.parse(body), let response = document["Response"], response.objectValue != nil else { return nil }
        let requestId = response["RequestId"]?.stringValue ?? ""
        if let error = response["Error"] {
            self = .error(code: error["Code"]?.stringValue ?? "", message: error["Message"]?.stringValue ?? "", requestId: requestId)
            return
        }
        let items = (response["TextDetections"]?.arrayValue ?? []).compactMap(Self.item)
        self = .detections(items, requestId: requestId)
    }

    /// A `TextDetections` entry as an item: its box from `Polygon` (the view's own pixels),
    /// else `ItemPolygon`; its characters from `Words` with their own confidences (0–100) and
    /// `WordCoordPoint` boxes, else the text's characters with the line's confidence.
    static func item(_ detection: JSONValue) -> OCRItem? {
        guard let text = detection["DetectedText"]?.stringValue else { return nil }
        let box =
            detection["Polygon"]?.arrayValue.flatMap(Self.bounds) ?? detection["ItemPolygon"].flatMap { polygon in
                guard let x = polygon["X"]?.intValue, let y = polygon["Y"]?.intValue, let width = polygon["Width"]?.intValue,
                    let height = polygon["Height"]?.intValue
                else { return nil }
                return Box(x: x, y: y, width: width, height: height)
            } ?? Box(x: 0, y: 0, width: 0, height: 0)
        let lineConfidence = detection["Confidence"]?.doubleValue ?? 0
        let wordBoxes = (detection["WordCoordPoint"]?.arrayValue ?? []).map { $0["WordCoordinate"]?.arrayValue.flatMap(Self.bounds) }
        var words: [OCRWord] = (detection["Words"]?.arrayValue ?? []).enumerated().compactMap { index, word in
            guard let character = word["Character"]?.stringValue else { return nil }
            return OCRWord(
                character: character, confidence: word["Confidence"]?.doubleValue ?? lineConfidence,
                box: index < wordBoxes.count ? wordBoxes[index] : nil)
        }
        if words.isEmpty {
            words = text.filter { !$0.isWhitespace }.map { OCRWord(character: String($0), confidence: lineConfidence) }
        }
        return OCRItem(itemstring: text, itemcoord: box, words: words).markingSpaces()
    }

    /// The pixel box around `[{"X", "Y"}, ...]`.
    static func bounds(_ points: [JSONValue]) -> Box? {
        let xs = points.compactMap { $0["X"]?.doubleValue }, ys = points.compactMap { $0["Y"]?.doubleValue }
        guard !xs.isEmpty, xs.count == ys.count, let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return nil }
        return Box(x: Int(minX.rounded()), y: Int(minY.rounded()), width: Int((maxX - minX).rounded()), height: Int((maxY - minY).rounded()))
    }
}
