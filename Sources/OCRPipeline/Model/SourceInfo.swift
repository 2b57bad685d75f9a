import Foundation

/// What is known about an input file: its identity, and what `decode` learned from its header.
public struct SourceInfo: Sendable, JSONRepresentable {
    /// The path as given (relative to the input folder in a batch).
    public var path: String
    public var bytes: Int
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Set by `decode`.
    public var format: ImageFormat?
    /// Stored pixel size, before any rotation; set by `decode`.
    public var size: PixelSize?
    /// The EXIF orientation that applies to the stored pixels; set by `decode`.
    public var orientation: Orientation = .upright
    /// Frames in the file (animations have more than one); set by `decode`.
    public var frames: Int = 1
    /// Dots per inch, when the file declares them; set by `decode`.
    public var dpi: Double?

    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }

    /// The size once turned upright: the space every output coordinate is in.
    public var uprightSize: PixelSize? { size.map { orientation.uprightSize(ofStored: $0) } }

    public var json: JSONValue {
        var object: JSONObject = ["path": .string(path), "bytes": .int(bytes), "sha256": .string(sha256)]
        object["format"] = format.map { .string($0.rawValue) } ?? .null
        object["width"] = size.map { .int($0.width) } ?? .null
        object["height"] = size.map { .int($0.height) } ?? .null
        object["orientation"] = .int(orientation.rawValue)
        if let upright = uprightSize {
            object["upright_width"] = .int(upright.width)
            object["upright_height"] = .int(upright.height)
        }
        if frames > 1 { object["frames"] = .int(frames) }
        if let dpi { object["dpi"] = .double(dpi) }
        return .object(object)
    }
}
