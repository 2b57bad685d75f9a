import CQPDF
import Foundation

/// Adds an invisible text layer to pages of an existing PDF, as OCRmyPDF grafts its layer:
/// each page keeps its content, images, fonts, boxes and `/Rotate` byte for byte; its content
/// is wrapped in `q … Q` and the layer drawn after it, in the page's user space (the displayed
/// page mapped through its crop box and rotation). The file grows by the layer and one font.
///
/// Done with qpdf's object interface rather than its overlay: qpdf's overlay turns the page
/// itself into a form placed in its media box, which moves the content of a page whose crop
/// box is not its media box.
public enum PDFGraft {
    /// Writes `file` to `output` with `layers` (page index from 0 → lines in displayed points,
    /// origin at the bottom-left) added over those pages.
    public static func write(_ file: QPDFFile, layers: [Int: [TextLayerLine]], to output: String) throws(PDFError) {
        let qpdf = file.qpdf
        func check() throws(PDFError) {
            if let error = file.takeError() { throw .damaged(error.text) }
        }
        var font = GlyphlessFont()
        var placed: [(page: qpdf_oh, layer: String)] = []
        for (index, lines) in layers.sorted(by: { $0.key < $1.key }) {
            guard let geometry = file.geometry(ofPage: index) else { continue }
            let matrix = geometry.displayedToUserSpace.map(TextLayer.number).joined(separator: " ")
            let layer = "q \(matrix) cm\n" + TextLayer.operators(lines, font: &font) + "Q\n"
            placed.append((qpdf_get_page_n(qpdf, index), layer))
        }
        try check()
        guard !placed.isEmpty else {
            try save(file, to: output)
            return
        }

        // The font, once for the document.
        var references: [String: qpdf_oh] = [:]
        var fontObject: qpdf_oh = 0
        for draft in font.objects() {
            let object = try add(draft, references: references, in: file)
            references[draft.name] = object
            fontObject = object
        }
        let open = try add(PDFObjectDraft(name: "open", dictionary: "<< >>", stream: Data("q\n".utf8)), in: file)
        let close = try add(PDFObjectDraft(name: "close", dictionary: "<< >>", stream: Data("\nQ\n".utf8)), in: file)

        for (page, layer) in placed {
            let layerStream = try add(PDFObjectDraft(name: "layer", dictionary: "<< >>", stream: Data(layer.utf8)), in: file)
            let contents = qpdf_oh_new_array(qpdf)
            qpdf_oh_append_item(qpdf, contents, open)
            let existing = qpdf_oh_get_key(qpdf, page, "/Contents")
            if qpdf_oh_is_array(qpdf, existing) != 0 {
                for item in 0..<qpdf_oh_get_array_n_items(qpdf, existing) { qpdf_oh_append_item(qpdf, contents, qpdf_oh_get_array_item(qpdf, existing, item)) }
            } else if qpdf_oh_is_stream(qpdf, existing) != 0 {
                qpdf_oh_append_item(qpdf, contents, existing)
            }
            qpdf_oh_append_item(qpdf, contents, close)
            qpdf_oh_append_item(qpdf, contents, layerStream)
            qpdf_oh_replace_key(qpdf, page, "/Contents", contents)

            var resources = qpdf_oh_get_key(qpdf, page, "/Resources")
            if qpdf_oh_is_dictionary(qpdf, resources) == 0 {
                resources = qpdf_oh_new_dictionary(qpdf)
                qpdf_oh_replace_key(qpdf, page, "/Resources", resources)
            }
            var fonts = qpdf_oh_get_key(qpdf, resources, "/Font")
            if qpdf_oh_is_dictionary(qpdf, fonts) == 0 {
                fonts = qpdf_oh_new_dictionary(qpdf)
                qpdf_oh_replace_key(qpdf, resources, "/Font", fonts)
            }
            qpdf_oh_replace_key(qpdf, fonts, "/" + TextLayer.fontResourceName, fontObject)
            try check()
        }
        try save(file, to: output)
    }

    /// An indirect object made from a draft, its `{{name}}` references pointing at `references`.
    private static func add(_ draft: PDFObjectDraft, references: [String: qpdf_oh] = [:], in file: QPDFFile) throws(PDFError) -> qpdf_oh {
        let qpdf = file.qpdf
        // qpdf parses no indirect reference without a document's context: each reference is
        // parsed as a placeholder name, then replaced by the object itself.
        var text = draft.dictionary
        for name in references.keys { text = text.replacingOccurrences(of: "{{\(name)}}", with: "/\(placeholder)\(name)") }
        let parsed = qpdf_oh_parse(qpdf, text)
        resolve(parsed, references, in: qpdf)
        if let error = file.takeError() { throw .damaged(error.text) }
        guard let stream = draft.stream else {
            let object = qpdf_make_indirect_object(qpdf, parsed)
            if let error = file.takeError() { throw .damaged(error.text) }
            return object
        }
        let object = qpdf_oh_new_stream(qpdf)
        stream.withUnsafeBytes { bytes in
            qpdf_oh_replace_stream_data(
                qpdf, object, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, qpdf_oh_new_null(qpdf), qpdf_oh_new_null(qpdf))
        }
        let target = qpdf_oh_get_dict(qpdf, object)
        for key in keys(of: parsed, in: qpdf) { qpdf_oh_replace_key(qpdf, target, key, qpdf_oh_get_key(qpdf, parsed, key)) }
        if let error = file.takeError() { throw .damaged(error.text) }
        return object
    }

    private static let placeholder = "OCRPipelineReference-"

    /// Replaces placeholder names in a dictionary's values and arrays by the objects they name.
    private static func resolve(_ object: qpdf_oh, _ references: [String: qpdf_oh], in qpdf: qpdf_data) {
        func target(_ value: qpdf_oh) -> qpdf_oh? {
            guard qpdf_oh_is_name(qpdf, value) != 0, let name = qpdf_oh_get_name(qpdf, value).map({ String(cString: $0) }),
                name.hasPrefix("/" + placeholder)
            else { return nil }
            return references[String(name.dropFirst(placeholder.count + 1))]
        }
        if qpdf_oh_is_dictionary(qpdf, object) != 0 {
            for key in keys(of: object, in: qpdf) {
                let value = qpdf_oh_get_key(qpdf, object, key)
                if let replacement = target(value) { qpdf_oh_replace_key(qpdf, object, key, replacement) } else { resolve(value, references, in: qpdf) }
            }
        } else if qpdf_oh_is_array(qpdf, object) != 0 {
            for index in 0..<qpdf_oh_get_array_n_items(qpdf, object) {
                if let replacement = target(qpdf_oh_get_array_item(qpdf, object, index)) { qpdf_oh_set_array_item(qpdf, object, index, replacement) }
            }
        }
    }

    private static func keys(of dictionary: qpdf_oh, in qpdf: qpdf_data) -> [String] {
        var keys: [String] = []
        qpdf_oh_begin_dict_key_iter(qpdf, dictionary)
        while qpdf_oh_dict_more_keys(qpdf) != 0 {
            if let key = qpdf_oh_dict_next_key(qpdf) { keys.append(String(cString: key)) }
        }
        return keys
    }

    /// Writes the document, keeping object streams, encryption and every existing stream's
    /// encoding; new streams are compressed.
    private static func save(_ file: QPDFFile, to output: String) throws(PDFError) {
        let qpdf = file.qpdf
        _ = qpdf_init_write(qpdf, output)
        qpdf_set_object_stream_mode(qpdf, qpdf_o_preserve)
        qpdf_set_decode_level(qpdf, qpdf_dl_none)
        qpdf_set_compress_streams(qpdf, QPDF_TRUE)
        qpdf_set_preserve_encryption(qpdf, QPDF_TRUE)
        _ = qpdf_write(qpdf)
        if let error = file.takeError() { throw .damaged(error.text) }
    }
}
