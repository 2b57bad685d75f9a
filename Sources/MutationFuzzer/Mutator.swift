import Foundation

/// Makes mutants of image and document files as an attacker would: bit flips, byte overwrites
/// with boundary values, truncation, spliced and repeated ranges, and changes to the header
/// fields decoders trust (JPEG SOF sizes, PNG IHDR and chunk lengths with valid CRCs, GIF
/// screen and frame sizes, WebP canvas sizes, TIFF IFD entries, ISO-BMFF box sizes and `ispe`,
/// a PDF's counts, boxes, lengths and filters), plus header-only bombs that declare huge images
/// with no data behind them.
///
/// Hand-written: the libFuzzer and AFL++ mutators know no image formats, and a structured
/// mutation reaches the decoders' size arithmetic far more often than random bytes do.
public struct Mutator: Sendable {
    /// Seed files: name and bytes.
    public let seeds: [(name: String, data: Data)]

    public init(seeds: [(name: String, data: Data)]) {
        precondition(!seeds.isEmpty, "a mutator needs at least one seed file")
        self.seeds = seeds
    }

    /// Boundary values that break size arithmetic.
    static let interesting16: [Int] = [0, 1, 2, 7, 8, 9, 15, 16, 255, 256, 4095, 8191, 16_383, 16_384, 32_767, 32_768, 65_535]
    static let interesting32: [Int] = [0, 1, 7, 8, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7F_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]

    /// Mutant `index` of the run seeded with `seed`.
    public func mutant(seed: UInt64, index: Int) -> Mutant {
        var random = SeededGenerator.forMutant(seed: seed, index: index)
        let source = seeds[Int.random(in: 0..<seeds.count, using: &random)]
        var bytes = [UInt8](source.data)
        var steps: [String] = []
        let rounds = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 2...4, using: &random) : 1
        for _ in 0..<rounds {
            let structured = Int.random(in: 0..<10, using: &random) < 6
            if structured, let step = Self.structured(&bytes, using: &random) {
                steps.append(step)
            } else {
                steps.append(Self.generic(&bytes, seeds: seeds, using: &random))
            }
        }
        return Mutant(data: Data(bytes), origin: source.name, steps: steps, index: index)
    }

    // MARK: Generic mutations

    static func generic(_ bytes: inout [UInt8], seeds: [(name: String, data: Data)], using random: inout SeededGenerator) -> String {
        guard !bytes.isEmpty else {
            bytes = [UInt8](repeating: 0, count: Int.random(in: 1...64, using: &random))
            return "fill-empty"
        }
        // Headers hold the fields that matter: aim half the changes at the first kilobyte.
        func position() -> Int {
            Bool.random(using: &random) ? Int.random(in: 0..<min(bytes.count, 1024), using: &random) : Int.random(in: 0..<bytes.count, using: &random)
        }
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            let flips = Int.random(in: 1...8, using: &random)
            let first = position()
            for _ in 0..<flips { let at = position(); bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &random) }
            return "bitflip@\(first)x\(flips)"
        case 1:
            let at = position()
            bytes[at] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF].randomElement(using: &random)!
            return "byte@\(at)=\(bytes[at])"
        case 2:
            let at = position()
            let value = interesting32.randomElement(using: &random)!
            write32(&bytes, at: at, value: value, bigEndian: Bool.random(using: &random))
            return "int32@\(at)=\(value)"
        case 3:
            let cut = Int.random(in: 0..<bytes.count, using: &random)
            bytes.removeSubrange(cut...)
            return "truncate@\(cut)"
        case 4:
            let start = position(), length = Int.random(in: 1...min(4096, bytes.count - start), using: &random)
            let copies = Int.random(in: 1...16, using: &random)
            let piece = Array(bytes[start..<start + length])
            bytes.insert(contentsOf: Array(repeating: piece, count: copies).joined(), at: start)
            return "repeat@\(start)+\(length)x\(copies)"
        case 5:
            let start = position(), length = Int.random(in: 1...min(4096, bytes.count - start), using: &random)
            bytes.removeSubrange(start..<start + length)
            return "delete@\(start)+\(length)"
        case 6:
            let other = [UInt8](seeds.randomElement(using: &random)!.data)
            let cut = position()
            let from = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &random)
            bytes = Array(bytes[..<cut]) + Array(other[from...])
            return "splice@\(cut)"
        default:
            let at = position(), length = Int.random(in: 1...64, using: &random)
            bytes.insert(contentsOf: (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
            return "insert@\(at)+\(length)"
        }
    }

    // MARK: Structured mutations

    static func structured(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<offset + magic.count]) == magic
        }
        if starts([0xFF, 0xD8]) { return jpeg(&bytes, using: &random) }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return png(&bytes, using: &random) }
        if starts(Array("GIF8".utf8)) { return gif(&bytes, using: &random) }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return webp(&bytes, using: &random) }
        if starts([0x49, 0x49, 0x2A, 0x00]) { return tiff(&bytes, bigEndian: false, using: &random) }
        if starts([0x4D, 0x4D, 0x00, 0x2A]) { return tiff(&bytes, bigEndian: true, using: &random) }
        if starts(Array("ftyp".utf8), at: 4) { return bmff(&bytes, using: &random) }
        if starts(Array("BM".utf8)) { return bmp(&bytes, using: &random) }
        if starts(Array("%PDF".utf8)) { return pdf(&bytes, using: &random) }
        return nil
    }

    static func jpeg(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        var segments: [(marker: UInt8, at: Int, length: Int)] = []
        var at = 2
        while at + 4 <= bytes.count, bytes[at] == 0xFF {
            let marker = bytes[at + 1]
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { at += 2; continue }
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            segments.append((marker, at, length))
            if marker == 0xDA || marker == 0xD9 { break }
            at += 2 + length
        }
        let frames = segments.filter { [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains($0.marker) }
        switch Int.random(in: 0..<5, using: &random) {
        case 0, 1:
            guard let frame = frames.first, frame.at + 10 <= bytes.count else { return nil }
            let field = ["height", "width", "both", "precision", "components"].randomElement(using: &random)!
            let value = interesting16.randomElement(using: &random)!
            switch field {
            case "height": write16(&bytes, at: frame.at + 5, value: value, bigEndian: true)
            case "width": write16(&bytes, at: frame.at + 7, value: value, bigEndian: true)
            case "both":
                write16(&bytes, at: frame.at + 5, value: value, bigEndian: true)
                write16(&bytes, at: frame.at + 7, value: interesting16.randomElement(using: &random)!, bigEndian: true)
            case "precision": bytes[frame.at + 4] = [0, 1, 7, 9, 12, 16, 255].randomElement(using: &random)!
            default: bytes[frame.at + 9] = [0, 2, 4, 5, 255].randomElement(using: &random)!
            }
            return "jpeg.sof.\(field)=\(value)"
        case 2:
            guard let segment = segments.randomElement(using: &random) else { return nil }
            write16(&bytes, at: segment.at + 2, value: interesting16.randomElement(using: &random)!, bigEndian: true)
            return "jpeg.segment-length@\(segment.at)"
        case 3:
            // A header-only bomb: keep the headers, declare a huge frame, drop the scan data.
            guard let frame = frames.first, let scan = segments.first(where: { $0.marker == 0xDA }), frame.at + 10 <= bytes.count else { return nil }
            write16(&bytes, at: frame.at + 5, value: Int.random(in: 8_000...65_535, using: &random), bigEndian: true)
            write16(&bytes, at: frame.at + 7, value: Int.random(in: 8_000...65_535, using: &random), bigEndian: true)
            bytes.removeSubrange(min(bytes.count, scan.at + 2 + scan.length)...)
            bytes += [0xFF, 0xD9]
            return "jpeg.header-only-bomb"
        default:
            guard let segment = segments.filter({ $0.marker == 0xC4 || $0.marker == 0xDB }).randomElement(using: &random),
                segment.length > 4, segment.at + 2 + segment.length <= bytes.count
            else { return nil }
            let at = segment.at + 4 + Int.random(in: 0..<(segment.length - 2), using: &random)
            bytes[at] = UInt8.random(in: 0...255, using: &random)
            return "jpeg.table@\(at)"
        }
    }

    static func png(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        var chunks: [(type: String, at: Int, length: Int)] = []
        var at = 8
        while at + 12 <= bytes.count {
            let length = read32(bytes, at: at)
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            chunks.append((type, at, length))
            guard length >= 0, at + 12 + length <= bytes.count, type != "IEND" else { break }
            at += 12 + length
        }
        func fixCRC(_ chunk: (type: String, at: Int, length: Int)) {
            guard chunk.at + 12 + chunk.length <= bytes.count else { return }
            let crc = crc32(bytes[chunk.at + 4..<chunk.at + 8 + chunk.length])
            write32(&bytes, at: chunk.at + 8 + chunk.length, value: Int(crc), bigEndian: true)
        }
        switch Int.random(in: 0..<5, using: &random) {
        case 0, 1:
            guard let header = chunks.first(where: { $0.type == "IHDR" }), header.length >= 13, header.at + 25 <= bytes.count else { return nil }
            let field = ["width", "height", "depth", "colour", "interlace", "both"].randomElement(using: &random)!
            let body = header.at + 8
            switch field {
            case "width": write32(&bytes, at: body, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            case "height": write32(&bytes, at: body + 4, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            case "depth": bytes[body + 8] = [0, 1, 2, 3, 4, 8, 16, 32, 255].randomElement(using: &random)!
            case "colour": bytes[body + 9] = [0, 1, 2, 3, 4, 5, 6, 7, 255].randomElement(using: &random)!
            case "interlace": bytes[body + 12] = [0, 1, 2, 255].randomElement(using: &random)!
            default:
                write32(&bytes, at: body, value: Int.random(in: 10_000...65_535, using: &random), bigEndian: true)
                write32(&bytes, at: body + 4, value: Int.random(in: 10_000...65_535, using: &random), bigEndian: true)
            }
            if Int.random(in: 0..<4, using: &random) != 0 { fixCRC(header) }
            return "png.ihdr.\(field)"
        case 2:
            guard let chunk = chunks.randomElement(using: &random) else { return nil }
            write32(&bytes, at: chunk.at, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            return "png.chunk-length.\(chunk.type)"
        case 3:
            guard let animation = chunks.first(where: { $0.type == "acTL" || $0.type == "fcTL" }) else { return nil }
            let offset = animation.at + 8 + Int.random(in: 0..<max(1, min(animation.length, 20) / 4), using: &random) * 4
            write32(&bytes, at: offset, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            fixCRC(animation)
            return "png.\(animation.type)"
        default:
            // A header-only bomb: a valid IHDR declaring a big image and an empty IDAT.
            guard let header = chunks.first(where: { $0.type == "IHDR" }), header.at + 25 <= bytes.count else { return nil }
            write32(&bytes, at: header.at + 8, value: Int.random(in: 8_000...20_000, using: &random), bigEndian: true)
            write32(&bytes, at: header.at + 12, value: Int.random(in: 8_000...20_000, using: &random), bigEndian: true)
            fixCRC(header)
            bytes.removeSubrange((header.at + 25)...)
            return "png.header-only-bomb"
        }
    }

    static func gif(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        guard bytes.count >= 13 else { return nil }
        let descriptor = bytes.indices.dropFirst(13).first { bytes[$0] == 0x2C && $0 + 10 <= bytes.count }
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            write16(&bytes, at: 6, value: interesting16.randomElement(using: &random)!, bigEndian: false)
            write16(&bytes, at: 8, value: interesting16.randomElement(using: &random)!, bigEndian: false)
            return "gif.screen"
        case 1:
            guard let descriptor else { return nil }
            write16(&bytes, at: descriptor + 5, value: Int.random(in: 1_000...65_535, using: &random), bigEndian: false)
            write16(&bytes, at: descriptor + 7, value: Int.random(in: 1_000...65_535, using: &random), bigEndian: false)
            return "gif.frame-size"
        case 2:
            guard let descriptor, descriptor + 11 <= bytes.count else { return nil }
            bytes[descriptor + 10] = [0, 1, 8, 11, 12, 13, 255].randomElement(using: &random)!  // LZW minimum code size
            return "gif.lzw-code-size"
        default:
            bytes[10] = UInt8.random(in: 0...255, using: &random)
            return "gif.packed"
        }
    }

    static func webp(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        guard bytes.count >= 30 else { return nil }
        let chunk = String(decoding: bytes[12..<16], as: UTF8.self)
        switch (chunk, Int.random(in: 0..<3, using: &random)) {
        case (_, 0):
            write32(&bytes, at: 4, value: interesting32.randomElement(using: &random)!, bigEndian: false)
            return "webp.riff-size"
        case ("VP8X", _):
            write24(&bytes, at: 24, value: Int.random(in: 0...0xFF_FFFF, using: &random))
            write24(&bytes, at: 27, value: Int.random(in: 0...0xFF_FFFF, using: &random))
            return "webp.vp8x-canvas"
        case ("VP8 ", _):
            write16(&bytes, at: 26, value: Int.random(in: 0...0xFFFF, using: &random), bigEndian: false)
            write16(&bytes, at: 28, value: Int.random(in: 0...0xFFFF, using: &random), bigEndian: false)
            return "webp.vp8-size"
        default:
            write32(&bytes, at: 16, value: interesting32.randomElement(using: &random)!, bigEndian: false)
            return "webp.chunk-size"
        }
    }

    static func tiff(_ bytes: inout [UInt8], bigEndian: Bool, using random: inout SeededGenerator) -> String? {
        guard bytes.count >= 8 else { return nil }
        let ifd = bigEndian ? read32(bytes, at: 4) : readLE32(bytes, at: 4)
        guard ifd > 0, ifd + 2 <= bytes.count else { return nil }
        let count = bigEndian ? Int(bytes[ifd]) << 8 | Int(bytes[ifd + 1]) : Int(bytes[ifd]) | Int(bytes[ifd + 1]) << 8
        let entries = (0..<min(count, 200)).map { ifd + 2 + $0 * 12 }.filter { $0 + 12 <= bytes.count }
        func tag(_ at: Int) -> Int { bigEndian ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        let targets = entries.filter { [256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 322, 323, 338].contains(tag($0)) }
        guard let entry = (targets.isEmpty ? entries : targets).randomElement(using: &random) else { return nil }
        let value = interesting32.randomElement(using: &random)!
        if Bool.random(using: &random) {
            write32(&bytes, at: entry + 8, value: value, bigEndian: bigEndian)
        } else {
            write16(&bytes, at: entry + 8, value: value & 0xFFFF, bigEndian: bigEndian)
        }
        if Int.random(in: 0..<4, using: &random) == 0 {
            write32(&bytes, at: entry + 4, value: interesting32.randomElement(using: &random)!, bigEndian: bigEndian)
        }
        return "tiff.tag\(tag(entry))=\(value)"
    }

    static func bmff(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        var boxes: [(type: String, at: Int, size: Int)] = []
        func walk(_ start: Int, _ end: Int, depth: Int) {
            var at = start
            while at + 8 <= end, depth < 6 {
                let size = read32(bytes, at: at)
                let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
                guard size >= 8, at + size <= end else { return }
                boxes.append((type, at, size))
                switch type {
                case "meta": walk(at + 12, at + size, depth: depth + 1)
                case "iprp", "ipco", "iinf", "dinf", "moov", "trak", "mdia", "minf", "stbl": walk(at + 8, at + size, depth: depth + 1)
                default: break
                }
                at += size
            }
        }
        walk(0, bytes.count, depth: 0)
        guard let box = boxes.randomElement(using: &random) else { return nil }
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            // A 64-bit size near 2^63 (the largesize form), as the attack that overflowed `at + size`.
            write32(&bytes, at: box.at, value: 1, bigEndian: true)
            let high = [0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0].randomElement(using: &random)!
            bytes.insert(
                contentsOf: [UInt8(high >> 24 & 0xFF), UInt8(high >> 16 & 0xFF), UInt8(high >> 8 & 0xFF), UInt8(high & 0xFF), 0xFF, 0xFF, 0xFF, 0xF0],
                at: box.at + 8)
            return "bmff.largesize.\(box.type)"
        case 1:
            write32(&bytes, at: box.at, value: [0, 1, 7, 9, 0xFFFF_FFFF].randomElement(using: &random)!, bigEndian: true)
            return "bmff.size.\(box.type)"
        case 2:
            // Cut the box's body short, keeping what follows.
            let keep = Int.random(in: 0..<max(1, box.size - 8), using: &random)
            bytes.removeSubrange(box.at + 8 + keep..<box.at + box.size)
            write32(&bytes, at: box.at, value: 8 + keep, bigEndian: true)
            return "bmff.short.\(box.type)"
        case 3:
            guard let ispe = boxes.first(where: { $0.type == "ispe" }), ispe.at + 20 <= bytes.count else { return nil }
            write32(&bytes, at: ispe.at + 12, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            write32(&bytes, at: ispe.at + 16, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            return "bmff.ispe"
        default:
            guard box.size > 8 else { return nil }
            let at = box.at + 8 + Int.random(in: 0..<(box.size - 8), using: &random)
            write32(&bytes, at: at, value: interesting32.randomElement(using: &random)!, bigEndian: true)
            return "bmff.field.\(box.type)@\(at)"
        }
    }

    static func bmp(_ bytes: inout [UInt8], using random: inout SeededGenerator) -> String? {
        guard bytes.count >= 34 else { return nil }
        let field = [(18, "width"), (22, "height"), (28, "bits"), (30, "compression"), (10, "offset")].randomElement(using: &random)!
        if field.1 == "bits" {
            write16(&bytes, at: 28, value: [0, 1, 2, 4, 8, 15, 16, 24, 32, 64].randomElement(using: &random)!, bigEndian: false)
        } else {
            write32(&bytes, at: field.0, value: interesting32.randomElement(using: &random)!, bigEndian: false)
        }
        return "bmp.\(field.1)"
    }

    // MARK: Byte helpers

    static func write16(_ bytes: inout [UInt8], at: Int, value: Int, bigEndian: Bool) {
        guard at >= 0, at + 2 <= bytes.count else { return }
        let (a, b) = (UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        bytes[at] = bigEndian ? a : b
        bytes[at + 1] = bigEndian ? b : a
    }

    static func write24(_ bytes: inout [UInt8], at: Int, value: Int) {
        guard at >= 0, at + 3 <= bytes.count else { return }
        bytes[at] = UInt8(value & 0xFF); bytes[at + 1] = UInt8(value >> 8 & 0xFF); bytes[at + 2] = UInt8(value >> 16 & 0xFF)
    }

    static func write32(_ bytes: inout [UInt8], at: Int, value: Int, bigEndian: Bool) {
        guard at >= 0, at + 4 <= bytes.count else { return }
        let parts = [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        for (offset, byte) in (bigEndian ? parts : parts.reversed()).enumerated() { bytes[at + offset] = byte }
    }

    static func read32(_ bytes: [UInt8], at: Int) -> Int {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    static func readLE32(_ bytes: [UInt8], at: Int) -> Int {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    /// PNG's CRC-32 (so a mutated header still passes libpng's check and reaches the decoder).
    static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
