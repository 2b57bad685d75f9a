/// What a client of an OCR service does with an answer's code, for either API.
public enum ServicePolicy: Sendable, Equatable {
    case success
    /// Back off and try again (the service is busy or had a passing fault).
    case retry
    /// Sign again with a fresh signature (and the server's clock), once.
    case resign
    /// Every later call would fail too: stop the whole run.
    case stopRun
    /// This image fails; go on with the others.
    case failImage
}
