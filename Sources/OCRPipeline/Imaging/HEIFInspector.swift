import Foundation

/// Facts about a HEIF/AVIF file read from its boxes: whether it is an image sequence, and
/// whether the primary image carries rotation or mirror properties (`irot`, `imir`).
///
/// libheif applies `irot`/`imir` while decoding and libvips then drops the EXIF orientation;
/// a file with EXIF orientation but no such property (some converters write those) still
/// needs the EXIF rotation. Hand-written box walking: no Swift library reads HEIF structure.
/// Every size comes from the file, so every read goes through ``ByteReader``: a damaged or
/// hostile box (a 64-bit size near 2^63, an empty `pitm`, a short `ipma`) ends the walk, it
/// never traps.
struct HEIFInspector {
    var isSequence = false
    var primaryHasTransform = false
    /// The primary image's size from its `ispe` property, before any decoder runs.
    var primarySize: PixelSize?

    /// One box: its type and where its body lies.
    struct Box {
        var type: String
        var body: Range<Int>
    }

    init(_ data: Data) {
        let reader = ByteReader(data)
        var primaryItem: Int?
        var properties: [Box] = []  // ipco children in order (1-based in ipma)
        var associations: [Int: [Int]] = [:]  // item id -> property indices

        for box in Self.boxes(in: 0..<reader.count, of: reader) {
            switch box.type {
            case "ftyp":
                // major brand, minor version, then compatible brands
                isSequence = ["avis", "msf1", "hevs"].contains(reader.fourCC(box.body.lowerBound) ?? "")
            case "meta":
                // a full box: version and flags come before the children
                guard box.body.count >= 4 else { continue }
                for child in Self.boxes(in: box.body.lowerBound + 4..<box.body.upperBound, of: reader) {
                    switch child.type {
                    case "pitm":
                        primaryItem = Self.primaryItem(child, reader)
                    case "iprp":
                        for part in Self.boxes(in: child.body, of: reader) {
                            if part.type == "ipco" {
                                properties = Self.boxes(in: part.body, of: reader)
                            } else if part.type == "ipma" {
                                Self.readAssociations(part, reader, into: &associations)
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
            if let ispe = associated.first(where: { $0.type == "ispe" }),
                let width = reader.u32be(ispe.body.lowerBound + 4), let height = reader.u32be(ispe.body.lowerBound + 8),
                ispe.body.count >= 12
            {
                primarySize = PixelSize(width: width, height: height)
            }
        }
    }

    /// The boxes in `range`, in order; a box whose size runs past `range` (or overflows) ends the list.
    static func boxes(in range: Range<Int>, of reader: ByteReader) -> [Box] {
        var found: [Box] = []
        var at = range.lowerBound
        while let size32 = reader.u32be(at), let type = reader.fourCC(at + 4), let afterHeader = ByteReader.end(of: at, length: 8),
            afterHeader <= range.upperBound
        {
            var header = 8
            var size = size32
            if size32 == 1 {
                guard let large = reader.u64be(at + 8) else { break }
                size = large
                header = 16
            } else if size32 == 0 {
                size = range.upperBound - at
            }
            guard size >= header, let end = ByteReader.end(of: at, length: size), end <= range.upperBound else { break }
            found.append(Box(type: type, body: at + header..<end))
            at = end
        }
        return found
    }

    /// `pitm`: version and flags, then the item id (16 bits in version 0, else 32).
    private static func primaryItem(_ box: Box, _ reader: ByteReader) -> Int? {
        guard let version = reader.u8(box.body.lowerBound) else { return nil }
        let width = version == 0 ? 2 : 4
        guard box.body.count >= 4 + width else { return nil }
        return version == 0 ? reader.u16be(box.body.lowerBound + 4) : reader.u32be(box.body.lowerBound + 4)
    }

    /// `ipma`: for each item, the indices of the `ipco` properties associated with it.
    private static func readAssociations(_ box: Box, _ reader: ByteReader, into associations: inout [Int: [Int]]) {
        let end = box.body.upperBound
        guard box.body.count >= 8, let version = reader.u8(box.body.lowerBound), let flags = reader.u24be(box.body.lowerBound + 1),
            let count = reader.u32be(box.body.lowerBound + 4)
        else { return }
        var at = box.body.lowerBound + 8
        let itemWidth = version < 1 ? 2 : 4
        let indexWidth = flags & 1 == 1 ? 2 : 1
        // Each entry takes at least an item id and a count byte: a count beyond that is a lie.
        for _ in 0..<min(count, (end - at) / (itemWidth + 1)) {
            guard at + itemWidth + 1 <= end, let item = itemWidth == 2 ? reader.u16be(at) : reader.u32be(at),
                let n = reader.u8(at + itemWidth)
            else { return }
            at += itemWidth + 1
            guard at + n * indexWidth <= end else { return }
            var indices: [Int] = []
            for _ in 0..<n {
                guard let value = indexWidth == 2 ? reader.u16be(at) : reader.u8(at) else { return }
                indices.append(indexWidth == 2 ? value & 0x7FFF : value & 0x7F)
                at += indexWidth
            }
            associations[item] = indices
        }
    }
}
