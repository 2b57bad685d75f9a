import Foundation
import Hummingbird
import OCREngines
import OCRPipeline
import TencentOCR

/// How `ocr-pipeline serve` runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (see ``OCRServer/run(onStarted:)``).
    public var port = 8080
    public var credentials: [Credential]
    /// The recognition pipeline; `nil` uses the built-in one (decode, orient, reject-gif, tile, ppocr, merge).
    public var pipeline: Pipeline?
    /// The stages the pipeline's variants (for a request's options) are loaded with: the
    /// registry the pipeline itself was loaded with.
    public var registry: StageRegistry = .standard
    /// Engines running at once.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Requests that may wait for an engine; more are answered at once with code 15.
    public var queueCapacity = ProcessInfo.processInfo.activeProcessorCount * 8
    /// The legacy API's whole request body's limit: 6 MB (6 MiB, so that a client budgeting 6,000,000 bytes
    /// always fits). Enforced while the body streams in.
    public var maxBodyBytes = 6 * 1024 * 1024
    /// API 3.0's request body limit: 10 MB of base64 image ("no more than 10 MB after
    /// base64") and 64 KiB for the rest of the JSON. Enforced while the body streams in.
    public var maxCloudAPIBodyBytes = 10 * 1024 * 1024 + 64 * 1024
    /// Time a request may take, waiting for an engine included.
    public var requestTimeout: Duration = .seconds(120)
    /// A connection that sends nothing for this long, between requests or in the middle of
    /// one, is closed (a stalled or malicious client does not hold it for ever).
    public var idleTimeout: Duration = .seconds(60)
    /// Let url mode fetch from loopback, private and link-local addresses.
    public var allowPrivateURLs = false
    public var downloadTimeout: Duration = .seconds(15)
    public var maxDownloadBytes = 20 * 1024 * 1024
    /// Where requests' images are decoded and recognised. Worker processes (what `serve` uses)
    /// answer a request whose image crashes a native library with an error and keep serving;
    /// their image timeout bounds each request's processing.
    public var isolation: Isolation = .inProcess
    /// Middleware run before every route, in order: authentication or auditing in front of the
    /// server, or a test's misbehaving on purpose.
    public var middleware: [any MiddlewareProtocol<Request, Response, ServerContext>] = []

    public init(credentials: [Credential]) {
        self.credentials = credentials
    }
}
