/// Interleaved 8-bit RGB pixels, row by row: what the models' pre-processing reads.
public struct RGBImage: Sendable {
    public let width: Int
    public let height: Int
    public var bytes: [UInt8]

    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == width * height * 3, "\(width)×\(height) RGB needs \(width * height * 3) bytes, got \(bytes.count)")
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// The models' input: planar float32, BGR order, each value `(v / 255 − 0.5) / 0.5`,
    /// in a `width`-wide canvas (columns past the image are 0, the models' padding).
    func normalizedPlanes(into values: inout [Float], at offset: Int, canvasWidth: Int) {
        let plane = canvasWidth * height
        for y in 0..<height {
            for x in 0..<width {
                let source = (y * width + x) * 3
                let target = offset + y * canvasWidth + x
                values[target] = Float(bytes[source + 2]) / 127.5 - 1  // B
                values[target + plane] = Float(bytes[source + 1]) / 127.5 - 1  // G
                values[target + 2 * plane] = Float(bytes[source]) / 127.5 - 1  // R
            }
        }
    }
}
