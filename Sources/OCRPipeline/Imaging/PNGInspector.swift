import Foundation

/// Facts about a PNG that libvips (with libpng) does not report: APNG animation, EXIF
/// orientation stored in an `eXIf` chunk or in ImageMagick's "Raw profile type exif" text,
/// whether the `pHYs` resolution is declared at all, and the header's declared size.
/// Chunk lengths come from the file: every read goes through ``ByteReader``.
/// Hand-written chunk walking: libpng does not expose these, and no Swift library reads them.
struct PNGInspector {
    /// Frames announced by an APNG `acTL` chunk, `nil` for a plain PNG.
    var animationFrames: Int?
    var exifOrientation: Int?
    /// Dots per inch from a `pHYs` chunk in metres.
    var dpi: Double?
    /// Width, height, bit depth and colour type from `IHDR`.
    var header: (width: Int, height: Int, bitDepth: Int, colourType: Int)?

    init(_ data: Data) {
        let reader = ByteReader(data)
        var at = 8
        while let length = reader.u32be(at), let type = reader.fourCC(at + 4),
            let body = reader.slice(at + 8, length: length)
        {
            let start = body.startIndex
            switch type {
            case "IHDR" where length >= 13:
                if let width = reader.u32be(start), let height = reader.u32be(start + 4),
                    let depth = reader.u8(start + 8), let colour = reader.u8(start + 9)
                {
                    header = (width, height, depth, colour)
                }
            case "acTL" where length >= 4:
                animationFrames = reader.u32be(start)
            case "pHYs" where length == 9 && reader.u8(start + 8) == 1:
                if let perMetre = reader.u32be(start) { dpi = (Double(perMetre) * 0.0254).rounded() }
            case "eXIf":
                exifOrientation = exifOrientation ?? EXIFOrientationReader.orientation(in: Data(body))
            case "tEXt", "iTXt":
                if exifOrientation == nil, let text = Self.rawEXIFProfileText(type: type, body: body),
                    let exif = EXIFOrientationReader.rawProfile(text)
                {
                    exifOrientation = EXIFOrientationReader.orientation(in: exif)
                }
            case "IEND":
                return
            default:
                break
            }
            guard let next = ByteReader.end(of: at, length: 12 + length) else { return }
            at = next
        }
    }

    /// The text of an uncompressed "Raw profile type exif" (or APP1) chunk; zTXt and compressed
    /// iTXt are skipped: reading them would need zlib.
    private static func rawEXIFProfileText(type: String, body: ArraySlice<UInt8>) -> String? {
        guard let separator = body.firstIndex(of: 0) else { return nil }
        let keyword = String(decoding: body[body.startIndex..<separator], as: UTF8.self)
        guard keyword == "Raw profile type exif" || keyword == "Raw profile type APP1" else { return nil }
        var textStart = separator + 1
        if type == "iTXt" {
            // compression flag (must be 0), method, then language and translated keyword, each NUL-terminated
            guard textStart + 2 <= body.endIndex, body[textStart] == 0 else { return nil }
            textStart += 2
            for _ in 0..<2 {
                guard textStart <= body.endIndex, let end = body[textStart...].firstIndex(of: 0) else { return nil }
                textStart = end + 1
            }
        }
        guard textStart <= body.endIndex else { return nil }
        return String(decoding: body[textStart...], as: UTF8.self)
    }
}
