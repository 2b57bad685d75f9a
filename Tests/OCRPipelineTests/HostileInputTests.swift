import Foundation
import Testing
import VipsKit

@testable import OCRPipeline

/// Inputs that once ended the whole process (a libvips assertion, a Swift overflow trap),
/// each generated here: every one must now fail or pass alone, with a typed result.
@Suite struct HostileInputTests {
    static let preprocessing: [any Stage] = [DecodeStage(), RejectGIFStage(), TileStage(), FitStage()]

    /// libvips 8.14 sizes a JPEG shrunk on load as width / shrink rounded down and aborts on a
    /// side of 0: fit's 1/8 probe and the seam planner's shrink once ended the process.
    @Test(arguments: [(4, 4), (7, 7), (100, 4), (16, 5), (1, 350), (40_000, 4), (2, 16_384)])
    func jpegsWithASideUnderEightPixelsGoThroughTileAndFit(width: Int, height: Int) async throws {
        let jpeg = try VImage.black(width: width, height: height, bands: 3).linear(1, 200).jpegData(quality: 90)
        let job = try await runStages(Self.preprocessing, on: jpeg, name: "thin.jpg")
        let payload = try #require(job.views.first?.payload)
        #expect(payload.bodyBytes > 0)
        #expect(job.upright?.size == PixelSize(width: width, height: height))
    }

    @Test func shrinkOnLoadIsLoweredWhereASideWouldVanish() throws {
        let jpeg = try VImage.black(width: 100, height: 4, bands: 3).jpegData(quality: 90)
        let image = try VImage.loadJPEG(.buffer(PinnedBuffer(jpeg)), shrink: 8)
        #expect(image.width == 25 && image.height == 1)  // shrink 4: the largest that keeps 4 px tall at least 1
        _ = try image.average()
    }

    // MARK: HEIF boxes

    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + body.count)
        return withUnsafeBytes(of: size.bigEndian, Array.init) + Array(type.utf8) + body
    }

    static let ftyp = box("ftyp", Array("heic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8))

    @Test func aSixtyFourBitBoxSizeNearTwoToTheSixtyThirdEndsTheWalk() {
        // size 1 = "a 64-bit size follows", here 2^63 - 1: at + size once overflowed.
        let huge: [UInt8] = [0, 0, 0, 1] + Array("mdat".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let inspector = HEIFInspector(Data(Self.ftyp + huge))
        #expect(inspector.primarySize == nil)
        let beyondInt: [UInt8] = [0, 0, 0, 1] + Array("mdat".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0]
        #expect(HEIFInspector(Data(Self.ftyp + beyondInt)).primarySize == nil)
    }

    @Test func anEmptyPitmAndAShortIpmaAreIgnored() {
        let emptyPitm = Self.box("meta", [0, 0, 0, 0] + Self.box("pitm", []))
        #expect(HEIFInspector(Data(Self.ftyp + emptyPitm)).primaryHasTransform == false)
        let shortIpma = Self.box("meta", [0, 0, 0, 0] + Self.box("iprp", Self.box("ipma", [0, 0])))
        #expect(HEIFInspector(Data(Self.ftyp + shortIpma)).primaryHasTransform == false)
        // An ipma claiming four billion entries in a few bytes.
        let lyingIpma = Self.box("meta", [0, 0, 0, 0] + Self.box("iprp", Self.box("ipma", [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 2])))
        #expect(HEIFInspector(Data(Self.ftyp + lyingIpma)).primaryHasTransform == false)
    }

    @Test func theHEIFInspectorStillReadsAWellFormedPrimaryItem() {
        let ispe = Self.box("ispe", [0, 0, 0, 0, 0, 0, 0x0F, 0xA0, 0, 0, 0x0B, 0xB8])  // 4000 × 3000
        let irot = Self.box("irot", [1])
        let ipco = Self.box("ipco", ispe + irot)
        let ipma = Self.box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 7, 2, 0x81, 0x02])  // item 7: properties 1 and 2
        let meta = Self.box("meta", [0, 0, 0, 0] + Self.box("pitm", [0, 0, 0, 0, 0, 7]) + Self.box("iprp", ipco + ipma))
        let inspector = HEIFInspector(Data(Self.ftyp + meta))
        #expect(inspector.primarySize == PixelSize(width: 4000, height: 3000))
        #expect(inspector.primaryHasTransform)
    }

    /// An `ispe` of 2^32 − 1 squared once overflowed while the refusal was being worded.
    @Test func aHeaderDeclaringFourBillionSquaredIsRefusedWithAMessage() async throws {
        let ispe = Self.box("ispe", [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        let ipma = Self.box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0x81])
        let meta = Self.box("meta", [0, 0, 0, 0] + Self.box("pitm", [0, 0, 0, 0, 0, 1]) + Self.box("iprp", Self.box("ipco", ispe) + ipma))
        let outcome = await result(Self.preprocessing, on: Data(Self.ftyp + meta), name: "huge.heic")
        #expect(outcome.failure?.code == "too_many_pixels")
        #expect(outcome.failure?.message.contains("4294967295×4294967295") == true)
    }

    @Test func aDamagedHEIFFailsAloneWithATypedError() async throws {
        let huge: [UInt8] = [0, 0, 0, 1] + Array("mdat".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let outcome = await result(Self.preprocessing, on: Data(Self.ftyp + huge), name: "bad.heic")
        #expect(outcome.status == .failed)
        #expect(["corrupt_image", "truncated_image", "decoder_unavailable"].contains(outcome.failure?.code ?? ""))
    }

    // MARK: Header-only bombs

    @Test func aTinyGIFClaimingManyMegapixelsIsRefusedBeforeDecoding() async throws {
        // 15000 × 15000 (225 MP, under the 250 MP guard) in 35 bytes: once 35–67 s and 976 MB.
        var gif = Array("GIF89a".utf8) + [0x98, 0x3A, 0x98, 0x3A, 0x00, 0x00, 0x00]
        gif += [0x2C, 0, 0, 0, 0, 0x98, 0x3A, 0x98, 0x3A, 0x00, 0x02, 0x02, 0x4C, 0x01, 0x00, 0x3B]
        let outcome = await result(Self.preprocessing, on: Data(gif), name: "bomb.gif")
        #expect(outcome.failure?.code == "impossible_size")
        #expect(outcome.failure?.message.contains("15000×15000") == true)
    }

    @Test func aPNGWhoseDataCannotHoldItsRowsIsRefusedBeforeDecoding() async throws {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += Self.pngChunk(
            "IHDR",
            withUnsafeBytes(of: UInt32(30_000).bigEndian, Array.init)
                + withUnsafeBytes(of: UInt32(8_000).bigEndian, Array.init) + [8, 6, 0, 0, 0])
        png += Self.pngChunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        png += Self.pngChunk("IEND", [])
        let outcome = await result(Self.preprocessing, on: Data(png), name: "bomb.png")
        #expect(outcome.failure?.code == "impossible_size")
    }

    @Test func aDecodeThatWouldNeedMoreMemoryThanItsBoundFailsFromTheHeader() async throws {
        let png = try VImage.black(width: 1000, height: 1000, bands: 3).pngData()
        let outcome = await result([DecodeStage().with { $0.maxMemoryBytes = 1 << 20 }], on: png, name: "big.png")
        #expect(outcome.failure?.code == "decode_memory_limit")
        #expect(outcome.failure?.message.contains("1000×1000") == true)
        let allowed = await result([DecodeStage().with { $0.maxMemoryBytes = 64 << 20 }], on: png, name: "big.png")
        #expect(allowed.status == .ok)
    }

    static func pngChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + typed + withUnsafeBytes(of: crc32(typed).bigEndian, Array.init)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
