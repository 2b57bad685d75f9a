import Foundation

/// The picture of a page as a searchable PDF shows it: the upright image, encoded once by the
/// `write` stage — the input's own JPEG bytes where nothing had to change, else a PNG whose
/// compressed rows the PDF embeds as they are.
public struct PagePicture: Sendable, Codable {
    public enum Encoding: String, Sendable, Codable {
        case jpeg, png
    }

    public var encoding: Encoding
    public var width: Int
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var components: Int
    /// The encoded bytes (they travel beside a result, not in its JSON).
    public var bytes: Data

    public init(encoding: Encoding, width: Int, height: Int, components: Int, bytes: Data) {
        self.encoding = encoding
        self.width = width
        self.height = height
        self.components = components
        self.bytes = bytes
    }

    private enum CodingKeys: String, CodingKey { case encoding, width, height, components }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encoding = try container.decode(Encoding.self, forKey: .encoding)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        components = try container.decode(Int.self, forKey: .components)
        bytes = Data()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(encoding, forKey: .encoding)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(components, forKey: .components)
    }
}
