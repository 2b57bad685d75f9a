import Foundation

/// A document's finished pages, kept in the output folder until the whole document is
/// (`OUT/.ocrp-pages/<rel>/page-<n>.json` and, for the searchable PDF, `page-<n>.picture`), so
/// that a run stopped or killed midway redoes only the pages not finished. The page results are
/// kept in the worker messages' form (``WireResult``), which holds what result files leave out.
struct PageStore: Sendable {
    let root: URL
    let output: OutputStore

    init(output: OutputStore) {
        self.output = output
        root = output.root.appendingPathComponent(".ocrp-pages")
    }

    private func folder(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }
    private func result(_ relativePath: String, page: Int) -> URL { folder(relativePath).appendingPathComponent("page-\(page).json") }
    private func picture(_ relativePath: String, page: Int) -> URL { folder(relativePath).appendingPathComponent("page-\(page).picture") }

    /// Keeps a finished page: its picture first, its result last (its presence means the page is done).
    func save(_ page: JobResult, relativePath: String, number: Int) throws {
        if let shown = page.picture { try output.write(shown.bytes, to: picture(relativePath, page: number)) }
        try output.write(try JSONEncoder().encode(WireResult(page)), to: result(relativePath, page: number))
    }

    /// A page an earlier run finished from the same bytes with the same pipeline — done, or
    /// failed in a way a rerun would repeat — without its picture's bytes.
    func finished(relativePath: String, number: Int, sha256: String, fingerprint: String) -> JobResult? {
        guard let data = try? Data(contentsOf: result(relativePath, page: number)),
            let wire = try? JSONDecoder().decode(WireResult.self, from: data),
            wire.source.sha256 == sha256, wire.pipelineFingerprint == fingerprint,
            wire.failure.map({ WorkerFailure.stickyCodes.contains($0.code) }) ?? true
        else { return nil }
        var stored = wire
        stored.picture?.bytes = Data()
        let artifacts = stored.artifactSuffixes
        stored.artifactSuffixes = []
        let picture = stored.picture
        stored.picture = nil
        guard var page = stored.result(artifacts: []) else { return nil }
        page.artifacts = artifacts.map(Artifact.written)
        page.picture = picture
        return page
    }

    /// A kept page's picture with its bytes.
    func picture(of page: JobResult, relativePath: String) throws -> PagePicture? {
        guard var picture = page.picture, let number = page.source.page else { return nil }
        picture.bytes = try Data(contentsOf: self.picture(relativePath, page: number))
        return picture
    }

    /// Forgets a document's pages once its result is written.
    func remove(relativePath: String) {
        try? FileManager.default.removeItem(at: folder(relativePath))
        // Empty parent folders of a nested relative path go too.
        var parent = folder(relativePath).deletingLastPathComponent()
        while parent.path.hasPrefix(root.path), (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: parent)
            parent.deleteLastPathComponent()
        }
    }
}
