import VipsKit

extension ImageError {
    /// Classifies a libvips failure while reading `format` data into the error a user can act on.
    /// `truncated` is what the file's own structure says (see ``ImageSource/looksTruncated(_:)``);
    /// without it the message decides.
    public static func decoding(_ error: VipsError, format: ImageFormat, truncated: Bool? = nil) -> ImageError {
        let message = ownLines(of: error.message, format: format)
        let lower = message.lowercased()
        if lower.contains("unsupported") && truncated != true { return .decoderUnavailable(format, detail: message) }
        if let truncated { return truncated ? .truncated(format, detail: message) : .corrupt(format, detail: message) }
        let truncationHints = ["premature end", "truncated", "unexpected end", "not enough data", "end of file", "out of data", "read error", "short read"]
        if truncationHints.contains(where: lower.contains) { return .truncated(format, detail: message) }
        if lower.contains("security limit") || lower.contains("exceeds the maximum") {
            return .decoderLimit(format, detail: message)
        }
        if lower.contains("is not a known file format") || lower.contains("no loader") || lower.contains("not in a known format")
            || lower.contains("unsupported")
        {
            return .decoderUnavailable(format, detail: message)
        }
        return .corrupt(format, detail: message)
    }

    /// libvips' error buffer is shared by all threads, so a message may carry another image's
    /// lines; keep those from this format's loader when there are any.
    private static func ownLines(of message: String, format: ImageFormat) -> String {
        let domains = loaderDomains(format)
        let others = ImageFormat.allCases.filter { $0 != format }.flatMap(loaderDomains).filter { !domains.contains($0) }
        let lines = message.split(whereSeparator: \.isNewline).map(String.init)
        func starts(_ line: String, _ list: [String]) -> Bool { list.contains { line.lowercased().hasPrefix($0.lowercased()) } }
        let own = lines.filter { starts($0, domains) }
        let kept = own.isEmpty ? lines.filter { !starts($0, others) } : own
        return kept.isEmpty ? "libvips could not read it" : kept.joined(separator: "; ")
    }

    private static func loaderDomains(_ format: ImageFormat) -> [String] {
        switch format {
        case .jpeg: ["VipsJpeg", "jpegload"]
        case .png: ["vipspng", "pngload", "spng"]
        case .gif: ["gifload"]
        case .webp: ["webp"]
        case .tiff: ["tiff"]
        case .bmp: ["magick", "bmp"]
        case .heif, .avif: ["heif"]
        case .jp2: ["jp2k", "openjpeg"]
        case .pdf: ["pdfload", "poppler", "glib"]
        }
    }
}
