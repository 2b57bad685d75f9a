import CVipsShim
import Foundation

/// A libvips image: an immutable, lazily evaluated pipeline. Pixels are computed only when
/// something is encoded, averaged or copied to memory, in strips, so memory stays small.
///
/// Instances are safe to share across threads (libvips images are immutable once built);
/// the only mutating call is ``draw(rectangle:red:green:blue:fill:)``, which requires an
/// image made by ``copiedToMemory()`` that nobody else holds.
public final class VImage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<CVipsShim.VipsImage>
    /// Buffers (and nothing else) that libvips reads from without owning them.
    private let retained: [PinnedBuffer]

    init(taking pointer: UnsafeMutablePointer<CVipsShim.VipsImage>, retaining: [PinnedBuffer]) {
        self.pointer = pointer
        self.retained = retaining
    }

    deinit { g_object_unref(pointer) }

    /// When a decoder gives up on damaged data.
    public enum FailOn: Int32, Sendable {
        /// Never: damaged regions come out grey.
        case none = 0
        /// On truncated data (premature end of file).
        case truncated = 1
        /// On any decoder error.
        case error = 2
    }

    // MARK: Loading

    /// Reads the header of an image (any format libvips knows); pixels are decoded only when
    /// needed. Throws when the format is unknown or the header is damaged.
    public static func load(_ input: ImageInput, failOn: FailOn = .error, sequential: Bool = false) throws -> VImage {
        try Vips.start()
        return try Vips.serialized {
            var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
            let status: Int32 =
                switch input {
                case .buffer(let buffer): ocrv_load_buffer(buffer.baseAddress, buffer.count, failOn.rawValue, sequential ? 1 : 0, &out)
                case .file(let path): ocrv_load_file(path, failOn.rawValue, sequential ? 1 : 0, &out)
                }
            guard status == 0, let out else { throw VipsError.takeFromBuffer(context: "load") }
            return VImage(taking: out, retaining: input.retained)
        }
    }

    /// Reads a JPEG, decoding it at 1/`shrink` of its size (1, 2, 4 or 8) in the DCT
    /// domain, which is much cheaper than decoding in full and resizing. The shrink is lowered
    /// where a side would shrink to nothing (a 4×4 image at 1/8): read the result's size.
    public static func loadJPEG(_ input: ImageInput, shrink: Int, failOn: FailOn = .error, sequential: Bool = true) throws -> VImage {
        try Vips.start()
        guard [1, 2, 4, 8].contains(shrink) else { throw VipsError.refused("jpegload: shrink \(shrink) is not 1, 2, 4 or 8") }
        return try Vips.serialized {
            var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
            let status: Int32 =
                switch input {
                case .buffer(let buffer):
                    ocrv_jpegload_buffer_shrink(buffer.baseAddress, buffer.count, Int32(shrink), failOn.rawValue, sequential ? 1 : 0, &out)
                case .file(let path): ocrv_jpegload_file_shrink(path, Int32(shrink), failOn.rawValue, sequential ? 1 : 0, &out)
                }
            guard status == 0, let out else { throw VipsError.takeFromBuffer(context: "jpegload") }
            return VImage(taking: out, retaining: input.retained)
        }
    }

    /// An image over `width` × `height` 8-bit pixels of `bands` bands (rows unpadded) allocated
    /// with `malloc`: it takes them over and frees them when the last reference goes.
    public static func taking(pixels: UnsafeMutableRawPointer, width: Int, height: Int, bands: Int) throws -> VImage {
        try Vips.start()
        var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
        guard ocrv_image_taking_pixels(pixels, Int32(width), Int32(height), Int32(bands), &out) == 0, let out else {
            throw VipsError.takeFromBuffer(context: "new_from_memory")
        }
        return VImage(taking: out, retaining: [])
    }

    /// Reads page `page` (from 0) of a TIFF.
    public static func loadTIFF(_ input: ImageInput, page: Int, failOn: FailOn = .error, sequential: Bool = false) throws -> VImage {
        try Vips.start()
        return try Vips.serialized {
            var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
            let status: Int32 =
                switch input {
                case .buffer(let buffer): ocrv_tiffload(buffer.baseAddress, buffer.count, nil, Int32(page), failOn.rawValue, sequential ? 1 : 0, &out)
                case .file(let path): ocrv_tiffload(nil, 0, path, Int32(page), failOn.rawValue, sequential ? 1 : 0, &out)
                }
            guard status == 0, let out else { throw VipsError.takeFromBuffer(context: "tiffload") }
            return VImage(taking: out, retaining: input.retained)
        }
    }

    // MARK: Header

    public var width: Int { Int(vips_image_get_width(pointer)) }
    public var height: Int { Int(vips_image_get_height(pointer)) }
    public var bands: Int { Int(vips_image_get_bands(pointer)) }
    public var bandFormat: BandFormat { BandFormat(vips_image_get_format(pointer)) }
    public var interpretation: Interpretation { Interpretation(vips_image_get_interpretation(pointer)) }
    public var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }
    /// Pages (frames) in the file, 1 when the loader reports none.
    public var pageCount: Int { Int(vips_image_get_n_pages(pointer)) }
    /// Horizontal resolution in pixels per millimetre (libvips' default of 72 dpi when the file
    /// declares none; `has("resolution-unit")` tells whether it did).
    public var xResolution: Double { vips_image_get_xres(pointer) }
    /// EXIF orientation 1–8 as the loader reported it, 1 when absent.
    public var orientation: Int { Int(vips_image_get_orientation(pointer)) }
    /// The libvips loader that read this image, e.g. `jpegload_buffer`.
    public var loader: String? { string("vips-loader") }

    public func has(_ field: String) -> Bool { vips_image_get_typeof(pointer, field) != 0 }

    public func int(_ field: String) -> Int? {
        guard has(field) else { return nil }
        var value: Int32 = 0
        return vips_image_get_int(pointer, field, &value) == 0 ? Int(value) : nil
    }

    public func string(_ field: String) -> String? {
        guard has(field) else { return nil }
        var value: UnsafePointer<CChar>?
        guard vips_image_get_string(pointer, field, &value) == 0, let value else { return nil }
        return String(cString: value)
    }

    public func blob(_ field: String) -> Data? {
        guard has(field) else { return nil }
        var data: UnsafeRawPointer?
        var length = 0
        guard vips_image_get_blob(pointer, field, &data, &length) == 0, let data else { return nil }
        return Data(bytes: data, count: length)
    }

    /// A copy of this image whose metadata has `field` set to `value`.
    public func setting(_ field: String, to value: Int) throws -> VImage {
        let copy = try derive("copy") { ocrv_copy(pointer, &$0) }
        vips_image_set_int(copy.pointer, field, Int32(clamping: value))
        return copy
    }

    // MARK: Operations (each returns a new lazy image)

    func derive(_ name: String, retaining others: [VImage] = [], _ call: (inout UnsafeMutablePointer<CVipsShim.VipsImage>?) -> Int32) throws -> VImage {
        var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
        guard call(&out) == 0, let out else { throw VipsError.takeFromBuffer(context: name) }
        return VImage(taking: out, retaining: retained + others.flatMap(\.retained))
    }

    /// Rotated clockwise by 0, 90, 180 or 270 degrees.
    public func rotated(clockwise degrees: Int) throws -> VImage {
        guard [0, 90, 180, 270].contains(degrees) else { throw VipsError.refused("rot: \(degrees) is not 0, 90, 180 or 270 degrees") }
        return try derive("rot") { ocrv_rot(pointer, &$0, Int32(degrees)) }
    }

    /// Mirrored left to right.
    public func flippedHorizontally() throws -> VImage {
        try derive("flip") { ocrv_flip_horizontal(pointer, &$0) }
    }

    /// Converted to sRGB through the embedded ICC profile (or libvips' fallback profile for CMYK).
    public func iccTransformedToSRGB() throws -> VImage {
        try derive("icc_transform") { ocrv_icc_to_srgb(pointer, &$0) }
    }

    public func colourspace(_ target: Interpretation.Target) throws -> VImage {
        let space = target == .srgb ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W
        return try derive("colourspace") { ocrv_colourspace(pointer, &$0, space) }
    }

    /// Band values cast to `format`; `shift` rescales by bit depth (16-bit 65535 → 8-bit 255).
    public func cast(to format: BandFormat, shift: Bool) throws -> VImage {
        try derive("cast") { ocrv_cast(pointer, &$0, format.raw, shift ? 1 : 0) }
    }

    /// Alpha composited onto an opaque background colour; `maxAlpha` is 255 or 65535.
    public func flattened(red: Double, green: Double, blue: Double, maxAlpha: Double) throws -> VImage {
        try derive("flatten") { ocrv_flatten(pointer, &$0, red, green, blue, maxAlpha) }
    }

    /// Resized by separate horizontal and vertical factors (libvips' default Lanczos3 kernel).
    public func resized(horizontal: Double, vertical: Double) throws -> VImage {
        guard horizontal.isFinite, vertical.isFinite, horizontal > 0, vertical > 0 else {
            throw VipsError.refused("resize: factors \(horizontal) × \(vertical) are not positive")
        }
        return try derive("resize") { ocrv_resize(pointer, &$0, horizontal, vertical) }
    }

    public func cropped(_ box: PixelBox) throws -> VImage {
        guard box.width > 0, box.height > 0, box.x >= 0, box.y >= 0, box.x <= width - box.width, box.y <= height - box.height else {
            throw VipsError.refused("extract_area: \(box.width)×\(box.height) at (\(box.x), \(box.y)) is not inside the \(width)×\(height) image")
        }
        return try derive("extract_area") { ocrv_extract_area(pointer, &$0, Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height)) }
    }

    public func extractingBands(first: Int, count: Int) throws -> VImage {
        guard first >= 0, count > 0, first <= bands - count else {
            throw VipsError.refused("extract_band: bands \(first)..<\(first + count) of an image with \(bands)")
        }
        return try derive("extract_band") { ocrv_extract_bands(pointer, &$0, Int32(first), Int32(count)) }
    }

    public func joiningBands(_ other: VImage) throws -> VImage {
        try derive("bandjoin", retaining: [other]) { ocrv_bandjoin2(pointer, other.pointer, &$0) }
    }

    /// `a * value + b` on every band, cast back to 8 bits.
    public func linear(_ a: Double, _ b: Double) throws -> VImage {
        try derive("linear") { ocrv_linear1(pointer, &$0, a, b) }
    }

    public func inverted() throws -> VImage {
        try derive("invert") { ocrv_invert(pointer, &$0) }
    }

    /// `sub` placed over this image with its top-left corner at (x, y).
    public func inserting(_ sub: VImage, x: Int, y: Int) throws -> VImage {
        try derive("insert", retaining: [sub]) { ocrv_insert(pointer, sub.pointer, &$0, Int32(clamping: x), Int32(clamping: y)) }
    }

    /// Placed at (x, y) on a white canvas of the given size.
    public func embeddedOnWhite(x: Int, y: Int, width: Int, height: Int) throws -> VImage {
        guard width > 0, height > 0, width <= VImage.maximumSide, height <= VImage.maximumSide, abs(x) <= VImage.maximumSide, abs(y) <= VImage.maximumSide
        else {
            throw VipsError.refused("embed: a \(width)×\(height) canvas at (\(x), \(y))")
        }
        return try derive("embed") { ocrv_embed_white(pointer, &$0, Int32(x), Int32(y), Int32(width), Int32(height)) }
    }

    public func gaussianBlurred(sigma: Double) throws -> VImage {
        guard sigma.isFinite, sigma > 0 else { throw VipsError.refused("gaussblur: sigma \(sigma)") }
        return try derive("gaussblur") { ocrv_gaussblur(pointer, &$0, sigma) }
    }

    // MARK: Evaluation

    /// Mean of all band values. Evaluates every pixel, so it also proves the image decodes.
    public func average() throws -> Double {
        var mean = 0.0
        guard ocrv_avg(pointer, &mean) == 0 else { throw VipsError.takeFromBuffer(context: "avg") }
        return mean
    }

    /// Evaluated once into memory, so later reads (several encodes, tiles) are cheap.
    public func copiedToMemory() throws -> VImage {
        guard let out = vips_image_copy_memory(pointer) else { throw VipsError.takeFromBuffer(context: "copy_memory") }
        return VImage(taking: out, retaining: [])
    }

    /// Pixels as interleaved band values, rows without padding.
    public func pixelBytes() throws -> Data {
        var size = 0
        guard let memory = vips_image_write_to_memory(pointer, &size) else { throw VipsError.takeFromBuffer(context: "write_to_memory") }
        return Data(bytesNoCopy: memory, count: size, deallocator: .custom { pointer, _ in g_free(pointer) })
    }

    /// Draws a rectangle in place. Only for images from ``copiedToMemory()`` held by one owner.
    public func draw(rectangle box: PixelBox, red: Double, green: Double, blue: Double, fill: Bool) throws {
        guard
            ocrv_draw_rect(
                pointer, red, green, blue, Int32(clamping: box.x), Int32(clamping: box.y),
                Int32(clamping: box.width), Int32(clamping: box.height), fill ? 1 : 0) == 0
        else {
            throw VipsError.takeFromBuffer(context: "draw_rect")
        }
    }

    // MARK: Encoding

    private func encode(_ name: String, _ call: (inout UnsafeMutableRawPointer?, inout Int) -> Int32) throws -> Data {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard call(&buffer, &length) == 0, let buffer else { throw VipsError.takeFromBuffer(context: name) }
        return Data(bytesNoCopy: buffer, count: length, deallocator: .custom { pointer, _ in g_free(pointer) })
    }

    /// Baseline JPEG at `quality` (1–100) with standard Huffman tables (optimised tables save
    /// about 5% but make libjpeg hold every coefficient of the image in memory).
    public func jpegData(quality: Int, stripMetadata: Bool = true) throws -> Data {
        try encode("jpegsave") { ocrv_jpegsave_buffer(pointer, Int32(clamping: min(100, max(1, quality))), stripMetadata ? 1 : 0, &$0, &$1) }
    }

    /// PNG at zlib `compression` 0–9.
    public func pngData(compression: Int = 6, stripMetadata: Bool = true) throws -> Data {
        try encode("pngsave") { ocrv_pngsave_buffer(pointer, Int32(clamping: min(9, max(0, compression))), stripMetadata ? 1 : 0, &$0, &$1) }
    }

    /// Any format libvips can write, chosen by suffix with options: `.webp[Q=80]`, `.tif`.
    public func encoded(suffix: String) throws -> Data {
        try encode("save") { ocrv_save_buffer(pointer, suffix, &$0, &$1) }
    }

    // MARK: Synthesis

    /// The largest side libvips images may have (`VIPS_MAX_COORD`).
    public static let maximumSide = 10_000_000

    private static func checkCanvas(width: Int, height: Int, context: String) throws {
        guard width > 0, height > 0, width <= maximumSide, height <= maximumSide else {
            throw VipsError.refused("\(context): a \(width)×\(height) image")
        }
    }

    /// A black image.
    public static func black(width: Int, height: Int, bands: Int = 1) throws -> VImage {
        try Vips.start()
        try checkCanvas(width: width, height: height, context: "black")
        guard (1...4).contains(bands) else { throw VipsError.refused("black: \(bands) bands") }
        var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
        guard ocrv_black(&out, Int32(width), Int32(height), Int32(bands)) == 0, let out else { throw VipsError.takeFromBuffer(context: "black") }
        return VImage(taking: out, retaining: [])
    }

    /// Gaussian noise (float values), the same for the same `seed`.
    public static func noise(width: Int, height: Int, mean: Double, sigma: Double, seed: Int = 1) throws -> VImage {
        try Vips.start()
        try checkCanvas(width: width, height: height, context: "gaussnoise")
        var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
        guard ocrv_gaussnoise(&out, Int32(width), Int32(height), mean, sigma, Int32(truncatingIfNeeded: seed)) == 0, let out else {
            throw VipsError.takeFromBuffer(context: "gaussnoise")
        }
        return VImage(taking: out, retaining: [])
    }

    /// Text rendered by Pango as a one-band mask (255 where ink is), wrapped at `width` pixels.
    /// `font` is a Pango description such as `"DejaVu Sans 24"`.
    public static func text(_ text: String, font: String, width: Int = 0, dpi: Int = 72, fontFile: String? = nil) throws -> VImage {
        try Vips.start()
        var out: UnsafeMutablePointer<CVipsShim.VipsImage>?
        let status =
            fontFile.map { file in ocrv_text(&out, text, font, Int32(clamping: width), Int32(clamping: dpi), file) }
            ?? ocrv_text(&out, text, font, Int32(clamping: width), Int32(clamping: dpi), nil)
        guard status == 0, let out else { throw VipsError.takeFromBuffer(context: "text") }
        return VImage(taking: out, retaining: [])
    }
}
