import Foundation

/// What is known about an input file: its identity, and what `decode` learned from its header.
public struct SourceInfo: Sendable, Codable, JSONRepresentable {
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
    /// How far the content was found turned, in degrees clockwise (0, 90, 180, 270), and so
    /// turned back after ``orientation``: the upright image is the file's, EXIF-turned, then
    /// turned back by this. Set by `orient`.
    public var angle: Int = 0
    /// Frames in the file (animations have more than one); set by `decode`.
    public var frames: Int = 1
    /// Dots per inch, when the file declares them (for a PDF page, what it was rendered at);
    /// set by `decode`.
    public var dpi: Double?
    /// For a document (a PDF, a multi-page TIFF): how many pages it has.
    public var pages: Int?
    /// For one page of a document: which (from 1).
    public var page: Int?

    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }

    /// What can be known of the file at `file` without decoding it (its size and sha256, as far
    /// as it can be read), named `path`: the source of a job that failed before it started.
    public init(path: String, file: String) {
        let readable = try? ImageSource(file: file)
        let size = readable?.count ?? (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        self.init(path: path, bytes: size, sha256: (try? readable?.sha256()) ?? "")
    }

    /// The turn from the stored pixels to the space of every item: the EXIF orientation, then
    /// `orient`'s turn back by ``angle``. Its `storedBox(forUpright:storedSize:)` maps an item
    /// to the file's own pixels.
    public var itemOrientation: Orientation { orientation.turned(clockwise: (360 - angle) % 360) }

    /// The size once turned upright: the space every output coordinate is in.
    public var uprightSize: PixelSize? {
        size.map {
            let turned = orientation.uprightSize(ofStored: $0)
            return angle % 180 == 0 ? turned : PixelSize(width: turned.height, height: turned.width)
        }
    }

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
        if angle != 0 { object["angle"] = .int(angle) }
        if frames > 1 { object["frames"] = .int(frames) }
        if let dpi { object["dpi"] = .double(dpi) }
        if let pages { object["pages"] = .int(pages) }
        if let page { object["page"] = .int(page) }
        return .object(object)
    }

    /// Source facts read back from their ``json`` form.
    public init?(json: JSONValue) {
        guard let path = json["path"]?.stringValue, let bytes = json["bytes"]?.intValue, let sha256 = json["sha256"]?.stringValue else { return nil }
        self.init(path: path, bytes: bytes, sha256: sha256)
        format = json["format"]?.stringValue.flatMap(ImageFormat.init(rawValue:))
        if let width = json["width"]?.intValue, let height = json["height"]?.intValue { size = PixelSize(width: width, height: height) }
        orientation = Orientation(rawValue: json["orientation"]?.intValue ?? 1)
        frames = json["frames"]?.intValue ?? 1
        angle = json["angle"]?.intValue ?? 0
        dpi = json["dpi"]?.doubleValue
        pages = json["pages"]?.intValue
        page = json["page"]?.intValue
    }
}
