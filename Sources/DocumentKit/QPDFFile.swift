import CQPDF
import Foundation

/// A PDF read with qpdf: its page tree as it really is (pages counted by walking it, not by
/// trusting `/Count`), each page's boxes, rotation and images, and — for ``PDFGraft`` — its
/// objects to add to and write back. Not thread-safe: one owner at a time.
public final class QPDFFile {
    let qpdf: qpdf_data

    /// Reads the PDF at `path`; `password` opens an encrypted one.
    public init(file path: String, password: String? = nil) throws(PDFError) {
        qpdf = qpdf_init()
        qpdf_silence_errors(qpdf)
        qpdf_set_suppress_warnings(qpdf, QPDF_TRUE)
        _ = qpdf_read(qpdf, path, password)
        if let error = takeError() {
            qpdf_cleanup_handle()
            throw error.isPassword ? .encrypted(passwordGiven: password != nil) : .damaged(error.text)
        }
        qpdf_push_inherited_attributes_to_page(qpdf)
        if let error = takeError() {
            qpdf_cleanup_handle()
            throw .damaged(error.text)
        }
    }

    /// Reads a PDF held in memory (the bytes are copied).
    public init(data: Data, password: String? = nil) throws(PDFError) {
        qpdf = qpdf_init()
        qpdf_silence_errors(qpdf)
        qpdf_set_suppress_warnings(qpdf, QPDF_TRUE)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, data.count), alignment: 1)
        data.copyBytes(to: copy)
        retained = copy
        _ = qpdf_read_memory(qpdf, "memory", copy.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(data.count), password)
        if let error = takeError() {
            qpdf_cleanup_handle()
            throw error.isPassword ? .encrypted(passwordGiven: password != nil) : .damaged(error.text)
        }
        qpdf_push_inherited_attributes_to_page(qpdf)
        _ = takeError()
    }

    /// Bytes qpdf reads from lazily, kept until it is done with them.
    private var retained: UnsafeMutableRawBufferPointer?

    deinit {
        qpdf_cleanup_handle()
        retained?.deallocate()
    }

    private var cleaned = false
    private func qpdf_cleanup_handle() {
        guard !cleaned else { return }
        cleaned = true
        var handle: qpdf_data? = qpdf
        qpdf_cleanup(&handle)
    }

    /// Pages in the page tree.
    public var pageCount: Int {
        let count = Int(qpdf_get_num_pages(qpdf))
        return takeError() == nil ? max(0, count) : 0
    }

    /// Where page `index` (from 0) lies and how it turns.
    public func geometry(ofPage index: Int) -> PDFPageGeometry? {
        guard index >= 0, index < pageCount else { return nil }
        let page = qpdf_get_page_n(qpdf, index)
        guard takeError() == nil else { return nil }
        let media = box(qpdf_oh_get_key(qpdf, page, "/MediaBox")) ?? PDFBox(left: 0, bottom: 0, right: 612, top: 792)
        let crop = box(qpdf_oh_get_key(qpdf, page, "/CropBox")).flatMap { $0.intersection(media) } ?? media
        let rotate = qpdf_oh_get_key(qpdf, page, "/Rotate")
        let degrees = qpdf_oh_is_integer(qpdf, rotate) != 0 ? Int(qpdf_oh_get_int_value_as_int(qpdf, rotate)) : 0
        _ = takeError()
        return PDFPageGeometry(mediaBox: media, cropBox: crop, rotation: ((degrees % 360) + 360) % 360 / 90 * 90)
    }

    /// The images page `index` draws directly (not through forms), `nil` when it has none.
    public func images(onPage index: Int) -> PDFPageImages? {
        guard index >= 0, index < pageCount else { return nil }
        let page = qpdf_get_page_n(qpdf, index)
        let objects = qpdf_oh_get_key(qpdf, qpdf_oh_get_key(qpdf, page, "/Resources"), "/XObject")
        guard qpdf_oh_is_dictionary(qpdf, objects) != 0 else {
            _ = takeError()
            return nil
        }
        var names: [String] = []
        qpdf_oh_begin_dict_key_iter(qpdf, objects)
        while qpdf_oh_dict_more_keys(qpdf) != 0, names.count < 10_000 {
            if let key = qpdf_oh_dict_next_key(qpdf) { names.append(String(cString: key)) }
        }
        var found: PDFPageImages?
        var hasForms = false
        for name in names {
            let object = qpdf_oh_get_key(qpdf, objects, name)
            guard qpdf_oh_is_stream(qpdf, object) != 0 else { continue }
            let dictionary = qpdf_oh_get_dict(qpdf, object)
            guard qpdf_oh_is_name_and_equals(qpdf, qpdf_oh_get_key(qpdf, dictionary, "/Subtype"), "/Image") != 0 else {
                if qpdf_oh_is_name_and_equals(qpdf, qpdf_oh_get_key(qpdf, dictionary, "/Subtype"), "/Form") != 0 { hasForms = true }
                continue
            }
            let width = Int(qpdf_oh_get_int_value_as_int(qpdf, qpdf_oh_get_key(qpdf, dictionary, "/Width")))
            let height = Int(qpdf_oh_get_int_value_as_int(qpdf, qpdf_oh_get_key(qpdf, dictionary, "/Height")))
            guard width > 0, height > 0 else { continue }
            var images = found ?? PDFPageImages(largest: (width, height), allGrey: true)
            if width * height > images.largest.width * images.largest.height { images.largest = (width, height) }
            images.allGrey = images.allGrey && isGrey(dictionary)
            found = images
        }
        _ = takeError()
        if hasForms { found?.allGrey = false }
        return found
    }

    /// Whether an image's pixels are grey levels: a stencil mask, `/DeviceGray`, `/CalGray`, or
    /// an ICC profile of one component (a colour space named in the page's resources, an indexed
    /// one or none at all counts as colour).
    private func isGrey(_ image: qpdf_oh) -> Bool {
        let mask = qpdf_oh_get_key(qpdf, image, "/ImageMask")
        if qpdf_oh_is_bool(qpdf, mask) != 0, qpdf_oh_get_bool_value(qpdf, mask) != 0 { return true }
        let space = qpdf_oh_get_key(qpdf, image, "/ColorSpace")
        if qpdf_oh_is_name_and_equals(qpdf, space, "/DeviceGray") != 0 { return true }
        guard qpdf_oh_is_array(qpdf, space) != 0 else { return false }
        let family = qpdf_oh_get_array_item(qpdf, space, 0)
        if qpdf_oh_is_name_and_equals(qpdf, family, "/CalGray") != 0 { return true }
        guard qpdf_oh_is_name_and_equals(qpdf, family, "/ICCBased") != 0 else { return false }
        let profile = qpdf_oh_get_array_item(qpdf, space, 1)
        guard qpdf_oh_is_stream(qpdf, profile) != 0 else { return false }
        let components = qpdf_oh_get_key(qpdf, qpdf_oh_get_dict(qpdf, profile), "/N")
        return qpdf_oh_is_integer(qpdf, components) != 0 && qpdf_oh_get_int_value_as_int(qpdf, components) == 1
    }

    private func box(_ handle: qpdf_oh) -> PDFBox? {
        guard qpdf_oh_is_array(qpdf, handle) != 0, qpdf_oh_get_array_n_items(qpdf, handle) == 4 else { return nil }
        let values = (0..<4).map { qpdf_oh_get_numeric_value(qpdf, qpdf_oh_get_array_item(qpdf, handle, Int32($0))) }
        guard takeError() == nil, values.allSatisfy(\.isFinite) else { return nil }
        let box = PDFBox(left: min(values[0], values[2]), bottom: min(values[1], values[3]), right: max(values[0], values[2]), top: max(values[1], values[3]))
        return box.width > 0 && box.height > 0 ? box : nil
    }

    /// qpdf's error since the last call, if any.
    struct Failure {
        var text: String
        var isPassword: Bool
    }

    func takeError() -> Failure? {
        guard qpdf_has_error(qpdf) != 0, let error = qpdf_get_error(qpdf) else { return nil }
        let text = qpdf_get_error_full_text(qpdf, error).map { String(cString: $0) } ?? "qpdf could not read it"
        return Failure(text: text, isPassword: qpdf_get_error_code(qpdf, error) == qpdf_e_password)
    }
}

/// A rectangle in PDF user space: left, bottom, right, top.
public struct PDFBox: Sendable, Hashable {
    public var left: Double
    public var bottom: Double
    public var right: Double
    public var top: Double

    public init(left: Double, bottom: Double, right: Double, top: Double) {
        self.left = left
        self.bottom = bottom
        self.right = right
        self.top = top
    }

    public var width: Double { right - left }
    public var height: Double { top - bottom }

    func intersection(_ other: PDFBox) -> PDFBox? {
        let box = PDFBox(left: max(left, other.left), bottom: max(bottom, other.bottom), right: min(right, other.right), top: min(top, other.top))
        return box.width > 0 && box.height > 0 ? box : nil
    }
}

/// The images a page draws directly.
public struct PDFPageImages: Sendable {
    /// The pixel size of the largest.
    public var largest: (width: Int, height: Int)
    /// Whether every one is grey (see ``QPDFFile/images(onPage:)``) and the page draws no form,
    /// whose content is not looked into.
    public var allGrey: Bool
}

/// Where a page lies in user space and how viewers turn it.
public struct PDFPageGeometry: Sendable, Hashable {
    public var mediaBox: PDFBox
    /// What viewers show (and poppler renders): the crop box, within the media box.
    public var cropBox: PDFBox
    /// `/Rotate`: 0, 90, 180 or 270 degrees clockwise.
    public var rotation: Int

    /// The displayed page's size in points (the crop box, turned).
    public var displayedSize: (width: Double, height: Double) {
        rotation % 180 == 0 ? (cropBox.width, cropBox.height) : (cropBox.height, cropBox.width)
    }

    /// The matrix (`a b c d e f`, as `cm` takes it) from the displayed page — points, origin at
    /// its bottom-left corner, y up — to the page's user space.
    public var displayedToUserSpace: [Double] {
        let (x, y, width, height) = (cropBox.left, cropBox.bottom, cropBox.width, cropBox.height)
        switch rotation {
        case 90: return [0, 1, -1, 0, width + x, y]
        case 180: return [-1, 0, 0, -1, width + x, height + y]
        case 270: return [0, -1, 1, 0, x, height + y]
        default: return [1, 0, 0, 1, x, y]
        }
    }
}
