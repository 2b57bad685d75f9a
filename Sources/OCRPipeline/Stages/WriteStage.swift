import Foundation

/// `write`: chooses the files written next to each result. The result file `<rel>.json`
/// (source, stages, and the service's `code`, `message`, `data.items`) is always written by the
/// runner; this stage adds the others.
public struct WriteStage: Stage {
    /// A kind of file written for each image.
    public enum Format: String, Sendable, CaseIterable {
        /// The result (always written).
        case json
        /// The upload-ready image, or one per tile.
        case payload
        /// The items' text, one per line.
        case txt
        /// The upright image with item boxes and the tile grid.
        case overlay
    }

    public static let formats = Parameter.choices(
        "formats", default: [Format.json],
        help:
            "json: the result (always written); payload: <rel>.payload.<ext> or <rel>.tile-<i>.<ext>; txt: <rel>.txt, one line per item in reading order; overlay: <rel>.overlay.jpg with item boxes and the tile grid"
    )
    public static let overlayMegapixels = Parameter.number(
        "overlay_megapixels", default: 8, range: 0.1...1000,
        help: "the overlay picture is scaled down to at most this many megapixels (by area, so long screenshots stay readable)")

    public static let descriptor = StageDescriptor(
        type: "write",
        summary: "Adds output files next to the result JSON: payloads, plain text, an overlay picture.",
        parameters: [formats.spec, overlayMegapixels.spec],
        facets: { parameters in
            var needs: Set<JobFacet> = []
            let chosen = parameters[formats]
            if chosen.contains(.payload) { needs.insert(.payloads) }
            if chosen.contains(.txt) || chosen.contains(.overlay) { needs.insert(.items) }
            return .init(needs: needs)
        }
    ) { parameters, _ in WriteStage(formats: Set(parameters[formats]), overlayPixels: Int(parameters[overlayMegapixels] * 1_000_000)) }
    .explaining(.describe { parameters, _ in ["would_write": .array(parameters[formats].map { .string($0.rawValue) })] })

    public let formats: Set<Format>
    public let overlayPixels: Int

    public init(formats: Set<Format> = Set(Self.formats.defaultValue), overlayPixels: Int = Int(Self.overlayMegapixels.defaultValue * 1_000_000)) {
        self.formats = formats
        self.overlayPixels = overlayPixels
    }

    public func process(_ job: inout Job, context: StageContext) async throws {
        var written: [JSONValue] = []
        func add(_ suffix: String, _ bytes: Data) {
            job.artifacts.append(Artifact(suffix: suffix, bytes: bytes))
            written.append(.string(suffix))
        }
        if formats.contains(.payload) {
            let tiled = job.isTiled
            for view in job.views {
                guard let payload = view.payload else { continue }
                add(tiled ? ".tile-\(view.index).\(payload.format.fileExtension)" : ".payload.\(payload.format.fileExtension)", payload.bytes)
            }
        }
        if formats.contains(.txt) {
            add(".txt", Data(job.items.map { $0.itemstring + "\n" }.joined().utf8))
        }
        if formats.contains(.overlay) {
            add(".overlay.jpg", try OverlayRenderer.render(job, maxPixels: overlayPixels).jpegData(quality: 85))
        }
        job[record: "files"] = .array(written)
    }
}
