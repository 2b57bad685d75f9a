import Foundation

/// Why one image could not be prepared. Each case fails only that image.
public enum ImageError: DescribedError, Equatable {
    case unreadable(reason: String)
    case empty
    case unknownFormat(firstBytes: String)
    case unsupportedFormat(name: String)
    case decoderUnavailable(ImageFormat, detail: String)
    case decoderLimit(ImageFormat, detail: String)
    case truncated(ImageFormat, detail: String)
    case corrupt(ImageFormat, detail: String)
    case tooManyPixels(width: Int, height: Int, frames: Int, limit: Int)
    /// The header declares more pixels than data of the file's size can encode.
    case impossibleSize(ImageFormat, width: Int, height: Int, bytes: Int, storable: Int)
    /// Decoding would need more memory than decode's `max_memory_mb` allows.
    case decodeMemoryLimit(width: Int, height: Int, neededBytes: Int, limitBytes: Int)
    case animated(ImageFormat, frames: Int)
    case staticGIFRefused
    case cannotFitBudget(budget: Int, smallestBody: Int, width: Int, height: Int)
    /// A PDF that needs a password: none was given, or the one given does not open it.
    case encrypted(passwordGiven: Bool)
    /// A page so large that even rendered at `dpi` it passes the pixel guard.
    case pageTooLarge(widthPoints: Double, heightPoints: Double, dpi: Double, maxPixels: Int)
    /// The document has more pages than decode's `max_pages`.
    case tooManyPages(count: Int, limit: Int)
    /// The pages asked for are not in the document (or it has none).
    case noSuchPage(selection: String, pageCount: Int)

    public var kind: FailureKind {
        switch self {
        case .empty: .emptyInput
        case .unreadable, .unknownFormat, .unsupportedFormat, .decoderUnavailable, .truncated, .corrupt, .animated, .staticGIFRefused, .encrypted,
            .noSuchPage:
            .undecodableInput
        case .decoderLimit, .tooManyPixels, .impossibleSize, .decodeMemoryLimit, .cannotFitBudget, .pageTooLarge, .tooManyPages: .oversizedInput
        }
    }

    public var code: String {
        switch self {
        case .unreadable: "unreadable_file"
        case .empty: "empty_file"
        case .unknownFormat: "unknown_format"
        case .unsupportedFormat: "unsupported_format"
        case .decoderUnavailable: "decoder_unavailable"
        case .decoderLimit: "decoder_limit"
        case .truncated: "truncated_image"
        case .corrupt: "corrupt_image"
        case .tooManyPixels: "too_many_pixels"
        case .impossibleSize: "impossible_size"
        case .decodeMemoryLimit: "decode_memory_limit"
        case .animated: "animated_image"
        case .staticGIFRefused: "gif_refused"
        case .cannotFitBudget: "over_budget"
        case .encrypted: "encrypted_document"
        case .pageTooLarge: "page_too_large"
        case .tooManyPages: "too_many_pages"
        case .noSuchPage: "no_such_page"
        }
    }

    public var summary: String {
        switch self {
        case .unreadable(let reason):
            "the file cannot be read (\(reason))"
        case .empty:
            "the file is empty (0 bytes)"
        case .unknownFormat(let firstBytes):
            "the file is not an image in any known format (it starts with \(firstBytes))"
        case .unsupportedFormat(let name):
            "the file is \(name), which this pipeline does not read"
        case .decoderUnavailable(let format, let detail):
            "this machine's libvips cannot decode this \(format.rawValue.uppercased()) (\(detail))"
        case .decoderLimit(let format, let detail):
            "the \(format.rawValue.uppercased()) decoder refuses an image this large (\(detail))"
        case .truncated(let format, let detail):
            "the \(format.rawValue.uppercased()) data ends early: the file is truncated (\(detail))"
        case .corrupt(let format, let detail):
            "the \(format.rawValue.uppercased()) data is corrupt (\(detail))"
        case .tooManyPixels(let width, let height, let frames, let limit):
            "the image declares \(width)×\(height)\(frames > 1 ? "×\(frames) frames" : "") = \(Self.megapixels(Double(width) * Double(height) * Double(frames))) megapixels, over the max_pixels limit of \(Self.megapixels(limit)) megapixels; it was refused from its header, before any pixel was decoded"
        case .impossibleSize(let format, let width, let height, let bytes, let storable):
            "the \(format.rawValue.uppercased()) header declares \(width)×\(height) pixels, but \(bytes) bytes of its compressed data can hold at most \(storable): the file is cut off, or made to look larger than it is (a decompression bomb); it was refused before decoding"
        case .decodeMemoryLimit(let width, let height, let needed, let limit):
            "decoding this \(width)×\(height) image would need about \(needed >> 20) MB, over the \(limit >> 20) MB limit; it was refused from its header, before any pixel was decoded"
        case .animated(let format, let frames):
            "the \(format == .png ? "APNG" : format.rawValue.uppercased()) is an animation (\(frames > 1 ? "\(frames) frames" : "an image sequence")) and the OCR service does not accept animations"
        case .staticGIFRefused:
            "the file is a GIF, which the OCR service does not accept, and the reject-gif stage is set to refuse static GIFs"
        case .cannotFitBudget(let budget, let smallest, let width, let height):
            "even downscaled to \(width)×\(height) at the lowest allowed quality the request body is \(smallest) bytes, over max_body_bytes \(budget)"
        case .encrypted(let given):
            given ? "the PDF is encrypted and decode's password does not open it" : "the PDF is encrypted and no password was given"
        case .pageTooLarge(let width, let height, let dpi, let limit):
            "the page is \(Int(width.rounded()))×\(Int(height.rounded())) points (\(Self.inches(width))×\(Self.inches(height)) inches): even at \(Int(dpi.rounded())) dpi it would pass the max_pixels limit of \(Self.megapixels(limit)) megapixels"
        case .tooManyPages(let count, let limit):
            "the document declares \(count) pages, over decode's max_pages of \(limit); no page was read"
        case .noSuchPage(let selection, let count):
            count == 0 ? "the document has no pages" : "the document has \(count) page\(count == 1 ? "" : "s"), none of them in \(selection)"
        }
    }

    public var remedy: String {
        switch self {
        case .unreadable: "check that the file exists and is readable by this user"
        case .empty: "copy or download the file again; an empty file holds no image"
        case .unknownFormat, .unsupportedFormat: "convert it to JPEG or PNG (or WebP, TIFF, BMP, HEIC) and run again"
        case .decoderUnavailable: "convert it to 8-bit JPEG or PNG, or install libvips with that format's loader (libheif for HEIC/AVIF)"
        case .decoderLimit: "convert it to PNG or JPEG with another tool, or cut it into smaller images"
        case .truncated: "copy or download the file again; the end of the image is missing"
        case .corrupt: "re-export the image from its source; this copy is damaged"
        case .tooManyPixels: "if the image is genuine, raise decode's max_pixels (the limit protects against decompression bombs)"
        case .impossibleSize: "copy or download the file again; a genuine image this large is a much bigger file"
        case .decodeMemoryLimit:
            "if the image is genuine, raise decode's max_memory_mb or \(OptionNames.current.workerMemoryLimit), or cut the image into smaller ones"
        case .animated: "export the frame you need as PNG or JPEG"
        case .staticGIFRefused: "convert it to PNG, or set the reject-gif stage's \"static\" to \"convert\""
        case .cannotFitBudget: "put a tile stage before fit, or lower fit's min_quality"
        case .encrypted(let given):
            given
                ? "check decode's password parameter (e.g. \"password\": \"${PDF_PASSWORD}\")"
                : "give the document's password in decode's password parameter (e.g. \"password\": \"${PDF_PASSWORD}\")"
        case .pageTooLarge: "if the page is genuine, raise decode's max_pixels, or render it at a lower dpi"
        case .tooManyPages: "if the document is genuine, raise decode's max_pages, or read part of it with decode's pages"
        case .noSuchPage: "choose pages the document has with decode's pages (e.g. \"1-3,7\" or \"5-\")"
        }
    }

    static func megapixels(_ pixels: Int) -> String { megapixels(Double(pixels)) }

    static func inches(_ points: Double) -> String { String(format: "%.1f", points / 72) }

    static func megapixels(_ pixels: Double) -> String {
        let value = pixels / 1_000_000
        return value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}
