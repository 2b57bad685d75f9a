import Foundation

/// One mutated input and how it was made.
public struct Mutant: Sendable {
    /// The mutated bytes.
    public var data: Data
    /// The seed file it was made from (its file name).
    public var origin: String
    /// The mutations applied, in order, e.g. `jpeg.sof.width=0` or `bitflip@1234`.
    public var steps: [String]
    /// The index within its run (with the run's seed, enough to make it again).
    public var index: Int

    /// A file name that says where the mutant came from: `00042-bitflip-photo.jpg`.
    public var fileName: String {
        let kind = steps.first.map { String($0.prefix { $0 != "@" && $0 != "=" }) } ?? "copy"
        let safeKind = kind.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        return String(format: "%05d", index) + "-" + String(safeKind) + "-" + origin
    }
}
