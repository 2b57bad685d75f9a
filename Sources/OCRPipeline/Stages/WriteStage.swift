import Foundation

/// `write`: chooses the files written next to each result. The result file `<rel>.json`
/// (source, stages, and the service's `code`, `message`, `data.items`) is always written by the
/// runner. This stage makes what each image or page needs its pixels for (payloads, the
/// overlay, a page's picture for the searchable PDF); the runner makes the files of a whole
/// input once all its pages are read (text, hOCR, the PDF).
public struct WriteStage: DeclaredStage {
    /// A kind of file written for each image.
    public enum Format: String, ParameterChoice {
        /// The result (always written).
        case json
        /// The upload-ready image, or one per tile.
        case payload
        /// The items' text, one per line; a document's pages separated by form feeds.
        case txt
        /// The upright image with item boxes and the tile grid.
        case overlay
        /// A searchable PDF: the input's pages with the text invisible over them.
        case pdf
        /// hOCR 1.2: pages, lines and words with their boxes and confidences.
        case hocr

        /// Made from a whole input once all its pages are read, rather than per image or page.
        public var isMadeFromAllPages: Bool { self == .txt || self == .pdf || self == .hocr }
    }

    @Param(
        "formats",
        help:
            "json: the result (always written); payload: <rel>.payload.<ext> or <rel>.tile-<i>.<ext>; txt: <rel>.txt, one line per item in reading order (a document's pages ended by form feeds); overlay: <rel>.overlay.jpg with item boxes and the tile grid; pdf: <rel>.pdf, searchable (a PDF input keeps its pages, with the text layer added); hocr: <rel>.hocr (hOCR 1.2); a document's payloads and overlays are named <rel>.page-<n>.…"
    )
    public var formats = [Format.json]
    @Param(
        "overlay_megapixels", range: 0.1...1000,
        help: "the overlay picture is scaled down to at most this many megapixels (by area, so long screenshots stay readable)")
    public var overlayMegapixels = 8.0

    var overlayPixels: Int { Int(overlayMegapixels * 1_000_000) }

    /// The stage's `type`.
    public static let type = "write"

    public static let descriptor = StageDescriptor(
        Self.self, type: type,
        summary: "Adds output files next to the result JSON: payloads, plain text, an overlay picture, a searchable PDF, hOCR.",
        facets: { stage in
            var needs: Set<JobFacet> = []
            if stage.formats.contains(.payload) { needs.insert(.payloads) }
            if stage.formats.contains(where: { $0 != .json && $0 != .payload }) { needs.insert(.items) }
            return .init(needs: needs)
        }
    )
    .explaining { (stage: WriteStage, _) in ["would_write": .array(stage.formats.map { .string($0.rawValue) })] }

    public init() {}

    public func process(_ job: inout Job, context: StageContext) async throws {
        var written: [JSONValue] = []
        let page = job.source.page.map { ".page-\($0)" } ?? ""
        func add(_ suffix: String, _ bytes: Data) {
            job.artifacts.append(Artifact(suffix: page + suffix, bytes: bytes))
            written.append(.string(page + suffix))
        }
        if formats.contains(.payload) {
            let tiled = job.isTiled
            for view in job.views {
                guard let payload = view.payload else { continue }
                add(tiled ? ".tile-\(view.index).\(payload.format.fileExtension)" : ".payload.\(payload.format.fileExtension)", payload.bytes)
            }
        }
        if formats.contains(.overlay) {
            add(".overlay.jpg", try OverlayRenderer.render(job, maxPixels: overlayPixels).jpegData(quality: 85))
        }
        // A PDF input keeps its own pages; anything else is shown by its upright image.
        if formats.contains(.pdf), job.source.format != .pdf {
            job.picture = try PagePicture(showing: job)
            job[record: "pdf_picture"] = .string(job.picture?.encoding.rawValue ?? "none")
        }
        job[record: "files"] = .array(written)
        let later = formats.filter(\.isMadeFromAllPages).map(\.rawValue).sorted()
        if !later.isEmpty { job[record: "with_all_pages"] = .array(later.map { .string($0) }) }
    }
}
