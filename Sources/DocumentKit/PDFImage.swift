import Foundation

/// An image as a PDF embeds it: the encoded bytes and how to decode them. A JPEG goes in as it
/// is (`/DCTDecode`); a PNG's compressed rows go in as they are too (`/FlateDecode` with the PNG
/// predictor), so neither is decoded or re-encoded to make the page.
public struct PDFImage: Sendable {
    public var width: Int
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var components: Int
    public var bitsPerComponent: Int
    /// `/DCTDecode` or `/FlateDecode`.
    public var filter: String
    /// The filter's parameters, as a PDF dictionary, if any.
    public var decodeParameters: String?
    public var data: Data

    /// A baseline or progressive JPEG of `components` colour components (1 or 3).
    public static func jpeg(_ data: Data, width: Int, height: Int, components: Int) -> PDFImage {
        PDFImage(width: width, height: height, components: components, bitsPerComponent: 8, filter: "/DCTDecode", decodeParameters: nil, data: data)
    }

    /// Why a PNG cannot be embedded as it is.
    public struct UnsupportedPNG: Error, CustomStringConvertible {
        public var description: String
    }

    /// A non-interlaced grey or RGB PNG without alpha (what the pipeline's upright image encodes
    /// to), its IDAT data kept as it is.
    public static func png(_ data: Data) throws(UnsupportedPNG) -> PDFImage {
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw UnsupportedPNG(description: "not a PNG") }
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        var width = 0, height = 0, depth = 0, colour = -1, interlace = 0
        var idat = Data()
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard length >= 0, body + length <= bytes.count else { throw UnsupportedPNG(description: "a chunk runs past the end") }
            switch type {
            case "IHDR":
                width = u32(body)
                height = u32(body + 4)
                depth = Int(bytes[body + 8])
                colour = Int(bytes[body + 9])
                interlace = Int(bytes[body + 12])
            case "IDAT": idat.append(contentsOf: bytes[body..<body + length])
            default: break
            }
            if type == "IEND" { break }
            offset = body + length + 4
        }
        guard colour == 0 || colour == 2 else { throw UnsupportedPNG(description: "colour type \(colour) (only grey and RGB are embedded as they are)") }
        guard interlace == 0 else { throw UnsupportedPNG(description: "an interlaced PNG") }
        guard width > 0, height > 0, [1, 2, 4, 8, 16].contains(depth), !idat.isEmpty else { throw UnsupportedPNG(description: "no image data") }
        let components = colour == 2 ? 3 : 1
        return PDFImage(
            width: width, height: height, components: components, bitsPerComponent: depth, filter: "/FlateDecode",
            decodeParameters: "<< /Predictor 15 /Colors \(components) /BitsPerComponent \(depth) /Columns \(width) >>", data: idat)
    }

    /// The image's XObject dictionary.
    var dictionary: String {
        var text =
            "<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace \(components == 3 ? "/DeviceRGB" : "/DeviceGray") /BitsPerComponent \(bitsPerComponent) /Filter \(filter)"
        if let decodeParameters { text += " /DecodeParms \(decodeParameters)" }
        return text + " >>"
    }
}
