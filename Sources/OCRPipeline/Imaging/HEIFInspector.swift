import Foundation

/// Facts about a HEIF/AVIF file read from its boxes: whether it is an image sequence, and
/// whether the primary image carries rotation or mirror properties (`irot`, `imir`).
///
/// libheif applies `irot`/`imir` while decoding and libvips then drops the EXIF orientation;
/// a file with EXIF orientation but no such property (some converters write those) still
/// needs the EXIF rotation. Hand-written box walking: no Swift library reads HEIF structure.
struct HEIFInspector {
    var isSequence = false
    var primaryHasTransform = false
    /// The primary image's size from its `ispe` property, before any decoder runs.
    var primarySize: PixelSize?

    init(_ data: Data) {
        let bytes = [UInt8](data)
        var primaryItem: Int?
        var properties: [(type: String, body: Int)] = []  // ipco children in order (1-based in ipma)
        var associations: [Int: [Int]] = [:]   // item id -> property indices

        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= bytes.count else { return nil }
            return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        /// Calls `visit(type, bodyStart, end)` for each box in [start, end).
        func boxes(_ start: Int, _ end: Int, _ visit: (String, Int, Int) -> Void) {
            var at = start
            while at + 8 <= end, let size32 = u32(at) {
                let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
                var header = 8
                var size = size32
                if size32 == 1, let high = u32(at + 8), let low = u32(at + 12) { size = high << 32 | low; header = 16 }
                if size32 == 0 { size = end - at }
                guard size >= header, at + size <= end else { return }
                visit(type, at + header, at + size)
                at += size
            }
        }

        boxes(0, bytes.count) { type, body, end in
            switch type {
            case "ftyp":
                var brands: [String] = []
                var at = body
                while at + 4 <= end {
                    if at != body + 4 { brands.append(String(decoding: bytes[at..<at + 4], as: UTF8.self)) }
                    at += 4
                }
                isSequence = brands.first == "avis" || brands.first == "msf1" || brands.first == "hevs"
            case "meta":
                boxes(body + 4, end) { type, body, end in
                    switch type {
                    case "pitm":
                        primaryItem = bytes[body] == 0 ? u16(body + 4) : u32(body + 4)
                    case "iprp":
                        boxes(body, end) { type, body, end in
                            if type == "ipco" {
                                boxes(body, end) { type, body, _ in properties.append((type, body)) }
                            } else if type == "ipma" {
                                let version = Int(bytes[body])
                                let flags = u32(body)! & 0xFFFFFF
                                guard var at = Optional(body + 4), let count = u32(at) else { return }
                                at += 4
                                for _ in 0..<count {
                                    guard let item = version < 1 ? u16(at) : u32(at) else { return }
                                    at += version < 1 ? 2 : 4
                                    guard at < end else { return }
                                    let n = Int(bytes[at]); at += 1
                                    var indices: [Int] = []
                                    for _ in 0..<n {
                                        if flags & 1 == 1 {
                                            guard let v = u16(at) else { return }
                                            indices.append(v & 0x7FFF); at += 2
                                        } else {
                                            guard at < end else { return }
                                            indices.append(Int(bytes[at]) & 0x7F); at += 1
                                        }
                                    }
                                    associations[item] = indices
                                }
                            }
                        }
                    default: break
                    }
                }
            default: break
            }
        }
        if let primaryItem, let indices = associations[primaryItem] {
            let associated = indices.filter { $0 >= 1 && $0 <= properties.count }.map { properties[$0 - 1] }
            primaryHasTransform = associated.contains { ["irot", "imir"].contains($0.type) }
            if let ispe = associated.first(where: { $0.type == "ispe" }), let width = u32(ispe.body + 4), let height = u32(ispe.body + 8) {
                primarySize = PixelSize(width: width, height: height)
            }
        }
    }
}
