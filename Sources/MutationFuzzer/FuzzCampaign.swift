import Foundation

/// A folder of mutants run through `ocr-pipeline run`, and what came of each: the check that
/// one hostile file never takes the batch down (every mutant gets a result file, the run
/// itself ends normally, no mutant crashed its worker).
public struct FuzzCampaign: Sendable {
    public let mutator: Mutator
    public let seed: UInt64
    public let count: Int

    public init(mutator: Mutator, seed: UInt64, count: Int) {
        self.mutator = mutator
        self.seed = seed
        self.count = count
    }

    /// Seed files from folders: every regular file with an image or PDF extension, at most
    /// `maxBytes` each (mutants of big files are slow and find nothing new), sorted by name.
    public static func seeds(in folders: [String], maxBytes: Int) throws -> [(name: String, data: Data)] {
        let extensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "bmp", "heic", "avif", "avifs", "jp2", "apng", "pdf"]
        var found: [(String, Data)] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            where extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased()) {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                guard let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size <= maxBytes else { continue }
                found.append((name, try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
        return found
    }

    /// Writes every mutant into `folder`; returns them in order.
    @discardableResult
    public func write(to folder: String) throws -> [Mutant] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var mutants: [Mutant] = []
        var recipe = "index\tfile\torigin\tsteps\n"
        for index in 0..<count {
            let mutant = mutator.mutant(seed: seed, index: index)
            try mutant.data.write(to: URL(fileURLWithPath: folder).appendingPathComponent(mutant.fileName))
            recipe += "\(index)\t\(mutant.fileName)\t\(mutant.origin)\t\(mutant.steps.joined(separator: " "))\n"
            mutants.append(mutant)
        }
        try Data(recipe.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(".mutants.tsv"))
        return mutants
    }

    /// What the results of a run over the mutants say.
    public struct Report: Sendable {
        /// Mutants without a result file.
        public var missing: [String] = []
        /// Mutants whose worker died (a signal, the memory cap or the time limit).
        public var crashed: [(file: String, code: String, message: String)] = []
        /// Result codes and how often each occurred (`ok` for successes).
        public var codes: [String: Int] = [:]

        public var isClean: Bool { missing.isEmpty && crashed.isEmpty }

        public var summary: String {
            var lines = ["results: \(codes.values.reduce(0, +)), missing: \(missing.count), crashed: \(crashed.count)"]
            lines.append("codes: " + codes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            for file in missing.prefix(20) { lines.append("missing: \(file)") }
            for crash in crashed.prefix(20) { lines.append("crashed: \(crash.file) [\(crash.code)] \(crash.message)") }
            return lines.joined(separator: "\n")
        }
    }

    /// The codes that mean a worker process died rather than the image failing cleanly.
    public static let crashCodes: Set<String> = ["crashed", "memory_limit", "timed_out", "internal_error"]

    /// Reads `<output>/<mutant>.json` for every mutant.
    public func report(mutants: [Mutant], output: String) -> Report {
        var report = Report()
        for mutant in mutants {
            let url = URL(fileURLWithPath: output).appendingPathComponent(mutant.fileName + ".json")
            guard let data = try? Data(contentsOf: url),
                let result = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            else {
                report.missing.append(mutant.fileName)
                continue
            }
            let error = result["error"] as? [String: Any]
            let code = (result["status"] as? String) == "ok" ? "ok" : (error?["code"] as? String ?? "unknown")
            report.codes[code, default: 0] += 1
            if Self.crashCodes.contains(code) {
                report.crashed.append((mutant.fileName, code, error?["message"] as? String ?? ""))
            }
        }
        return report
    }
}
