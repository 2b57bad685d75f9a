import Foundation

/// Where libvips reads an encoded image from.
public enum ImageInput: Sendable {
    /// Bytes in memory (kept alive by every image decoded from them).
    case buffer(PinnedBuffer)
    /// A file, streamed by the loader: a big JPEG is never held in memory whole.
    case file(String)

    var retained: [PinnedBuffer] {
        if case .buffer(let buffer) = self { return [buffer] }
        return []
    }
}

extension VImage {
    /// Decodes encoded bytes held in a `Data` (copied once into pinned memory).
    public static func decode(_ data: Data) throws -> VImage {
        try load(.buffer(PinnedBuffer(data)))
    }
}
