import Foundation

/// Facts about a PNG that libvips (with libpng) does not report: APNG animation, EXIF
/// orientation stored in an `eXIf` chunk or in ImageMagick's "Raw profile type exif" text, and
/// whether the `pHYs` resolution is declared at all.
struct PNGInspector {
    /// Frames announced by an APNG `acTL` chunk, `nil` for a plain PNG.
    var animationFrames: Int?
    var exifOrientation: Int?
    /// Dots per inch from a `pHYs` chunk in metres.
    var dpi: Double?

    init(_ data: Data) {
        let bytes = [UInt8](data)
        var at = 8
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            let bodyStart = at + 8
            guard length >= 0, bodyStart + length <= bytes.count else { break }
            let body = bytes[bodyStart..<bodyStart + length]
            switch type {
            case "acTL" where length >= 4:
                let frames = Int(body[bodyStart]) << 24 | Int(body[bodyStart + 1]) << 16 | Int(body[bodyStart + 2]) << 8 | Int(body[bodyStart + 3])
                animationFrames = frames
            case "pHYs" where length == 9 && body[bodyStart + 8] == 1:
                let perMetre = Int(body[bodyStart]) << 24 | Int(body[bodyStart + 1]) << 16 | Int(body[bodyStart + 2]) << 8 | Int(body[bodyStart + 3])
                dpi = (Double(perMetre) * 0.0254).rounded()
            case "eXIf":
                exifOrientation = exifOrientation ?? EXIFOrientationReader.orientation(in: Data(body))
            case "tEXt", "iTXt":
                // zTXt (compressed) profiles are skipped: reading them would need zlib.
                guard let separator = body.firstIndex(of: 0) else { break }
                let keyword = String(decoding: body[bodyStart..<separator], as: UTF8.self)
                guard keyword == "Raw profile type exif" || keyword == "Raw profile type APP1" else { break }
                var textStart = separator + 1
                if type == "iTXt" {
                    // compression flag, method, then language and translated keyword, each NUL-terminated
                    guard body.count > textStart - bodyStart + 2, body[textStart] == 0 else { break }
                    textStart += 2
                    for _ in 0..<2 {
                        guard let end = body[textStart...].firstIndex(of: 0) else { break }
                        textStart = end + 1
                    }
                }
                let text = String(decoding: body[textStart...], as: UTF8.self)
                if let exif = EXIFOrientationReader.rawProfile(text) {
                    exifOrientation = exifOrientation ?? EXIFOrientationReader.orientation(in: exif)
                }
            case "IEND":
                return
            default:
                break
            }
            at = bodyStart + length + 4
        }
    }
}
