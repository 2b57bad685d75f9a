import OCRPipeline

/// The general-OCR actions of API 3.0 that `serve` answers, with the request fields and the
/// answer's fields each takes in the reference (`tencentcloud/ocr/v20181119/models.py`).
enum CloudAPIAction: String, CaseIterable, Sendable {
    case generalBasicOCR = "GeneralBasicOCR"
    case generalAccurateOCR = "GeneralAccurateOCR"
    case generalFastOCR = "GeneralFastOCR"
    case generalEfficientOCR = "GeneralEfficientOCR"
    case generalHandwritingOCR = "GeneralHandwritingOCR"
    case textDetect = "TextDetect"

    /// A request field's type in the reference.
    enum FieldType: Sendable {
        case string, boolean, integer
    }

    /// The request fields the action takes, with their types.
    var fields: [String: FieldType] {
        let image: [String: FieldType] = ["ImageBase64": .string, "ImageUrl": .string]
        let pdf: [String: FieldType] = ["IsPdf": .boolean, "PdfPageNumber": .integer]
        switch self {
        case .generalBasicOCR: return image.merging(pdf) { $1 }.merging(["Scene": .string, "LanguageType": .string, "IsWords": .boolean]) { $1 }
        case .generalAccurateOCR:
            return image.merging(pdf) { $1 }.merging([
                "IsWords": .boolean, "EnableDetectSplit": .boolean, "EnableDetectText": .boolean, "ConfigID": .string, "WordsType": .string,
            ]) { $1 }
        case .generalFastOCR: return image.merging(pdf) { $1 }
        case .generalEfficientOCR, .textDetect: return image
        case .generalHandwritingOCR: return image.merging(["Scene": .string, "EnableWordPolygon": .boolean, "EnableDetectText": .boolean]) { $1 }
        }
    }

    /// The answer's fields beside `TextDetections` and `RequestId`, as the reference lists them.
    var answerFields: Set<String> {
        switch self {
        case .generalBasicOCR: ["Language", "Angel", "PdfPageSize", "Angle"]
        case .generalAccurateOCR, .generalEfficientOCR, .generalHandwritingOCR: ["Angel", "Angle"]
        case .generalFastOCR: ["Language", "Angel", "PdfPageSize"]
        case .textDetect: []
        }
    }

    /// Whether each line's characters (`Words`, `WordCoordPoint`) may be asked for with `IsWords`.
    var returnsWords: Bool { self == .generalBasicOCR || self == .generalAccurateOCR }
}

/// `LanguageType`'s values in the reference, and the Tesseract language that reads each one
/// that the local PP-OCR models do not (Chinese and English, `zh`, `zh_rare`, `auto`, `mix`).
enum CloudAPILanguage {
    static let readByDefault: Set<String> = ["zh", "zh_rare", "auto", "mix"]
    static let tesseract: [String: String] = [
        "jap": "jpn", "kor": "kor", "spa": "spa", "fre": "fra", "ger": "deu", "por": "por", "vie": "vie", "may": "msa", "rus": "rus",
        "ita": "ita", "hol": "nld", "swe": "swe", "fin": "fin", "dan": "dan", "nor": "nor", "hun": "hun", "tha": "tha", "hi": "hin",
        "ara": "ara",
    ]
    static var all: Set<String> { readByDefault.union(tesseract.keys) }
}
