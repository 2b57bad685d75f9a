/// What a job has gained by a point in the pipeline; used to check stage order before any
/// image is touched.
public enum JobFacet: String, Sendable, CaseIterable {
    /// A decoded upright image (`decode`).
    case image
    /// Tiles (`tile`).
    case tiles
    /// Upload-ready payloads for every view (`fit`).
    case payloads
    /// Recognised items per view (`recognize`).
    case viewItems = "view items"
    /// Merged items in original coordinates (`merge`).
    case items

    /// Which stage usually provides it, for messages.
    var providedBy: String {
        switch self {
        case .image: "decode"
        case .tiles: "tile"
        case .payloads: "fit"
        case .viewItems: "recognize"
        case .items: "merge"
        }
    }
}
