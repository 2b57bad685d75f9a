import Foundation

/// An image container format — or a document of pages (PDF) — identified from the file's first
/// bytes, never its name.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, gif, webp, tiff, bmp, heif, avif, jp2, pdf

    /// The formats the legacy OCR service itself accepts; anything else is re-encoded.
    public var isAcceptedByService: Bool { self == .jpeg || self == .png || self == .bmp }

    /// Whether the format stores pixels without loss (so re-encoding prefers PNG).
    public var isLossless: Bool {
        switch self {
        // A PDF page is rendered: exact pixels, flat colours and sharp text.
        case .png, .gif, .tiff, .bmp, .pdf: true
        case .jpeg, .webp, .heif, .avif, .jp2: false
        }
    }

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .tiff: "tif"
        case .heif: "heic"
        default: rawValue
        }
    }

    /// Whether a file of this format can hold several pages that each go through the pipeline.
    public var holdsPages: Bool { self == .pdf || self == .tiff }

    /// Identifies the format from the first bytes of a file (up to 1 KB).
    public static func sniff(_ bytes: Data) -> SniffResult {
        let head = [UInt8](bytes.prefix(32))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .supported(.jpeg) }
        // A PDF's header may follow up to 1 KB of other bytes, as readers allow.
        if bytes.prefix(1024).firstRange(of: Data("%PDF-".utf8)) != nil { return .supported(.pdf) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .supported(.png) }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .supported(.gif) }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .supported(.webp) }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .supported(.tiff) }
        if starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B]) { return .supported(.tiff) }
        if starts(Array("BM".utf8)), head.count >= 18 { return .supported(.bmp) }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) { return .supported(.jp2) }
        if starts(Array("ftyp".utf8), at: 4) {
            let brand = String(decoding: head[8..<min(12, head.count)], as: UTF8.self)
            switch brand {
            case "avif", "avis": return .supported(.avif)
            case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1": return .supported(.heif)
            default: return .unsupported(name: "ISO media (brand \(brand))")
            }
        }
        if starts([0xFF, 0x0A]) || starts([0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) { return .unsupported(name: "JPEG XL") }
        if starts(Array("8BPS".utf8)) { return .unsupported(name: "Photoshop PSD") }
        if starts(Array("<svg".utf8)) || starts(Array("<?xml".utf8)) { return .unsupported(name: "SVG/XML") }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .unsupported(name: "ZIP archive") }
        return .unknown
    }

    /// What ``sniff(_:)`` found.
    public enum SniffResult: Sendable, Equatable {
        /// A format the pipeline decodes.
        case supported(ImageFormat)
        /// A recognised format the pipeline does not read.
        case unsupported(name: String)
        /// No known signature.
        case unknown
    }
}
