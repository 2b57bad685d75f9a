import OCRPipeline

/// Why a request failed, whichever protocol answers it: each protocol maps a failure to its
/// own code (``LegacyProtocol``, ``CloudAPIProtocol``). Signature problems are the protocols'
/// own and carry their code already.
enum RequestFailure: Error, Sendable {
    /// The body passed the server's limit.
    case bodyTooLarge(String)
    /// The body cannot be read as the protocol's JSON or multipart.
    case malformedBody(String)
    /// A required field is missing.
    case missingParameter(String)
    /// A field has a value the API does not take.
    case invalidParameter(String)
    /// The image is empty.
    case imageEmpty
    /// The image cannot be decoded (not base64, not an image, animated, broken, ...).
    case imageUndecodable(String)
    /// The image is too large to decode (pixels or memory).
    case imageTooLarge(String)
    /// A PDF sent as a document cannot be opened (damaged, encrypted).
    case documentUnreadable(String)
    /// url mode: the download failed or was refused.
    case downloadFailed(String)
    /// url mode: the download passed the size cap.
    case downloadTooLarge(String)
    /// The image holds no text.
    case noText
    /// The engine failed on the image.
    case ocrFailed(String)
    /// Every worker is busy and the queue is full.
    case busy
    /// The server is stopping: it finishes what it holds and takes nothing new.
    case shuttingDown
    /// Something went wrong in the server.
    case internalError(String)
    /// A legacy-protocol signature problem, with its code.
    case legacy(code: Int, message: String)
    /// An API 3.0 signature or request problem, with its code.
    case cloudAPI(code: String, message: String)
}
