import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import OCRPipeline
import ServiceLifecycle
import Synchronization
import UnixSignals

/// A self-hosted server for Tencent's general-OCR protocols, backed by the embedded engine, so
/// existing clients can be pointed at it unchanged: the legacy API on `POST /ocr/general`
/// (``LegacyProtocol``) and API 3.0 on `POST /` (``CloudAPIProtocol``), on one port and one
/// pool of engines.
///
/// Errors are answered as HTTP 200 with the protocol's own error JSON, as both services do
/// (every client reads the code whatever the status).
///
/// It is a swift-service-lifecycle `Service`: add it to an application's own `ServiceGroup`, or
/// call ``run(gracefulShutdownSignals:shutdown:onStarted:)``.
public struct OCRServer: Service {
    public let configuration: ServerConfiguration
    let legacy: LegacyProtocol
    let cloudAPI: CloudAPIProtocol
    let recognition: RecognitionService
    let pool: WorkerPool
    let requestCounter = Counter()
    let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "ocr-pipeline.serve")) throws {
        self.configuration = configuration
        self.logger = logger
        legacy = LegacyProtocol(
            verifier: LegacySignatureVerifier(credentials: configuration.credentials.filter { $0.appid != nil }),
            maxBodyBytes: configuration.maxBodyBytes)
        cloudAPI = CloudAPIProtocol(
            verifier: CloudAPISignatureVerifier(credentials: configuration.credentials),
            maxBodyBytes: configuration.maxCloudAPIBodyBytes)
        let pipeline = try configuration.pipeline ?? RecognitionService.defaultPipeline(timeout: configuration.requestTimeout)
        let workers = max(1, configuration.workers)
        pool = WorkerPool(
            processors: (0..<workers).map {
                configuration.isolation.makeProcessor(pipeline: pipeline, index: $0, count: workers, gate: nil)
            },
            queueCapacity: configuration.queueCapacity)
        recognition = RecognitionService(pipeline: pipeline, pool: pool, deadline: configuration.requestTimeout)
    }

    /// Serves until one of `gracefulShutdownSignals` arrives or `shutdown` is triggered, then
    /// stops accepting and lets requests in flight finish (cancelling the task stops at once).
    /// `onStarted` receives the bound port.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [], shutdown: ShutdownTrigger? = nil,
        onStarted: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [Running(server: self, onStarted: onStarted)], gracefulShutdownSignals: gracefulShutdownSignals,
                logger: Logger(label: "ocr-pipeline.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })))
        await shutdown?.attach(group)
        try await group.run()
    }

    /// The server with a callback for its bound port, as a service of a group.
    struct Running: Service {
        let server: OCRServer
        let onStarted: @Sendable (Int) async -> Void
        func run() async throws { try await server.serve(onStarted: onStarted) }
    }

    /// Serves until the enclosing service group shuts down gracefully (or the task is cancelled).
    private func serve(onStarted: @escaping @Sendable (Int) async -> Void) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let fetcher = ImageFetcher(
            client: client, policy: AddressPolicy(allowPrivate: configuration.allowPrivateURLs),
            timeout: TimeAmount(configuration.downloadTimeout), maxBytes: configuration.maxDownloadBytes)
        let router = Router(context: ServerContext.self)
        router.post("/ocr/general") { request, context in
            await handle(request, context: context, fetcher: fetcher, protocol: legacy)
        }
        router.post("/") { request, context in
            await handle(request, context: context, fetcher: fetcher, protocol: cloudAPI)
        }
        router.get("/healthz") { _, _ in
            let body: JSONValue = ["status": "ok", "workers": .int(configuration.workers), "busy": .int(pool.busy), "queued": .int(pool.queued)]
            return Self.json(body)
        }
        let app = Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ExpectContinueHandler()],
                    idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ocr-pipeline"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? configuration.port) },
            logger: Logger(label: "ocr-pipeline.hummingbird", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        do {
            try await app.run()
        } catch {
            try? await client.shutdown()
            await pool.shutDown()
            throw error
        }
        try await client.shutdown()
        await pool.shutDown()
    }

    /// Serves until the enclosing service group shuts down gracefully.
    public func run() async throws { try await serve(onStarted: { _ in }) }

    // MARK: Handling

    /// One OCR request of either protocol: the protocol checks and answers it; reading the body
    /// within its limit, url mode, recognition and the log line are shared.
    private func handle(_ request: Request, context: ServerContext, fetcher: ImageFetcher, protocol served: some ServedProtocol) async -> Response {
        let started = ContinuousClock.now
        let number = requestCounter.next()
        var accepted: AcceptedRequest?
        var received = 0
        let outcome: Result<Recognition, RequestFailure>
        do throws(RequestFailure) {
            if let fault = configuration.faults?.decide(number) {
                switch fault {
                case .delay(let duration): try? await Task.sleep(for: duration)
                case .dropConnection:
                    context.channel.close(promise: nil)
                    throw .internalError("connection dropped")
                case .answer, .answerCloudAPI:
                    if let failure = served.failure(for: fault) { throw failure }
                }
            }
            try served.precheck(request.headers)
            let body = try await readBody(request, limit: served.maxBodyBytes)
            received = body.readableBytes
            let fields = try served.accept(request.head, body: body)
            accepted = fields
            let image: Data
            if let url = fields.url {
                image = try await fetcher.fetch(url)
            } else if let data = fields.image {
                image = data
            } else {
                throw .missingParameter("image and url are both empty")
            }
            outcome = .success(try await recognition.recognize(image, name: "request \(number)", pdfPage: fields.pdfPage))
        } catch {
            outcome = .failure(error)
        }
        let (body, code) = served.answer(outcome, request: accepted)
        let milliseconds = (ContinuousClock.now - started) / .milliseconds(1)
        logger.info(
            "\(request.method) \(request.uri.path) status=200 code=\(code) bytes=\(received) latency_ms=\(Int(milliseconds)) \(accepted?.logLabel ?? "-")")
        return Response(status: .ok, headers: [.contentType: served.contentType], body: .init(byteBuffer: ByteBuffer(bytes: body.data())))
    }

    /// The body, refused as soon as it is known to exceed `limit` (from its declared length, or
    /// while it streams in), without buffering the rest.
    private func readBody(_ request: Request, limit: Int) async throws(RequestFailure) -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw .bodyTooLarge("request body of \(declared) bytes is over the \(limit)-byte limit")
        }
        var body = ByteBuffer()
        do {
            for try await chunk in request.body {
                if body.readableBytes + chunk.readableBytes > limit {
                    throw RequestFailure.bodyTooLarge("request body is over the \(limit)-byte limit")
                }
                var chunk = chunk
                body.writeBuffer(&chunk)
            }
        } catch let failure as RequestFailure {
            throw failure
        } catch {
            throw .internalError("the request body could not be read: \(error)")
        }
        return body
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.data())))
    }
}

/// Asks a running server to shut down gracefully: stop accepting, finish what is in flight.
public actor ShutdownTrigger {
    private var group: ServiceGroup?
    private var requested = false

    public init() {}

    func attach(_ group: ServiceGroup) async {
        self.group = group
        if requested { await group.triggerGracefulShutdown() }
    }

    public func shutdown() async {
        requested = true
        await group?.triggerGracefulShutdown()
    }
}

/// The request context: Hummingbird's core storage plus the connection, so a fault can drop it.
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The server enforces its own limit (``ServerConfiguration/maxBodyBytes``) while reading.
    var maxUploadSize: Int { .max }
}

/// Numbers requests from 1.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
