import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import OCRPipeline
import ServiceLifecycle
import UnixSignals
import Synchronization

/// A self-hosted server for Tencent's legacy general-OCR protocol (`POST /ocr/general`),
/// backed by the embedded engine: existing clients can be pointed at it unchanged.
///
/// Errors are answered as HTTP 200 with a JSON `code` and `message`, as the legacy service
/// does (every client reads `code` whatever the status).
public struct OCRServer: Sendable {
    public let configuration: ServerConfiguration
    let verifier: SignatureVerifier
    let recognition: RecognitionService
    let pool: WorkerPool
    let requestCounter = Counter()
    let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "ocr-pipeline.serve")) throws {
        self.configuration = configuration
        self.logger = logger
        verifier = SignatureVerifier(credentials: configuration.credentials)
        let pipeline = try configuration.pipeline ?? RecognitionService.defaultPipeline(timeout: configuration.requestTimeout)
        let workers = max(1, configuration.workers)
        pool = WorkerPool(processors: (0..<workers).map {
                              configuration.isolation.makeProcessor(pipeline: pipeline, index: $0, count: workers, gate: nil)
                          },
                          queueCapacity: configuration.queueCapacity)
        recognition = RecognitionService(pipeline: pipeline, pool: pool, deadline: configuration.requestTimeout)
    }

    /// Serves until one of `gracefulShutdownSignals` arrives or `shutdown` is triggered, then
    /// stops accepting and lets requests in flight finish (cancelling the task stops at once).
    /// `onStarted` receives the bound port.
    public func run(gracefulShutdownSignals: [UnixSignal] = [], shutdown: ShutdownTrigger? = nil,
                    onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let fetcher = ImageFetcher(client: client, policy: AddressPolicy(allowPrivate: configuration.allowPrivateURLs),
                                   timeout: .seconds(configuration.downloadTimeout.components.seconds), maxBytes: configuration.maxDownloadBytes)
        let router = Router(context: ServerContext.self)
        router.post("/ocr/general") { request, context in
            await handleOCR(request, context: context, fetcher: fetcher)
        }
        router.get("/healthz") { _, _ in
            let body: JSONValue = ["status": "ok", "workers": .int(configuration.workers), "busy": .int(await pool.busy), "queued": .int(await pool.queued)]
            return Self.json(body)
        }
        let app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()],
                                                idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ocr-pipeline"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? configuration.port) },
            logger: Logger(label: "ocr-pipeline.hummingbird", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: gracefulShutdownSignals,
                                                      logger: Logger(label: "ocr-pipeline.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })))
        await shutdown?.attach(group)
        do {
            try await group.run()
        } catch {
            try? await client.shutdown()
            await pool.shutDown()
            throw error
        }
        try await client.shutdown()
        await pool.shutDown()
    }

    // MARK: Handling

    private func handleOCR(_ request: Request, context: ServerContext, fetcher: ImageFetcher) async -> Response {
        let started = ContinuousClock.now
        let number = requestCounter.next()
        var appid: String?
        var received = 0
        let outcome: Result<[OCRItem], ServiceFailure>
        do {
            if let fault = configuration.faults?.decide(number) {
                switch fault {
                case .answer(let code, let message): throw ServiceFailure(code, message)
                case .delay(let duration): try? await Task.sleep(for: duration)
                case .dropConnection:
                    context.channel.close(promise: nil)
                    throw ServiceFailure(ServiceCode.internalError, "connection dropped")
                }
            }
            let body = try await readBody(request)
            received = body.readableBytes
            let authorization = request.headers[.authorization]
            // Fail fast on a missing or undecodable signature, before parsing the body.
            if authorization == nil || authorization!.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ServiceFailure(ServiceCode.signatureMissing, "signature is empty: send the Authorization header")
            }
            let fields = try OCRRequest.parse(body, contentType: request.headers[.contentType])
            appid = fields.appid
            guard let requestAppid = fields.appid, !requestAppid.isEmpty else {
                throw ServiceFailure(ServiceCode.parameterEmpty, "appid is empty")
            }
            _ = try verifier.verify(authorization: authorization, appid: requestAppid, bucket: fields.bucket)
            let image: Data
            if let url = fields.url, !url.isEmpty {
                image = try await fetcher.fetch(url)
            } else if let data = fields.image {
                image = data
            } else {
                throw ServiceFailure(ServiceCode.parameterEmpty, "image and url are both empty")
            }
            guard !image.isEmpty else { throw ServiceFailure(ServiceCode.imageEmpty, "image is empty") }
            outcome = .success(try await recognition.recognize(image, name: "request \(number)"))
        } catch let failure as ServiceFailure {
            outcome = .failure(failure)
        } catch {
            outcome = .failure(ServiceFailure(ServiceCode.internalError, "internal error"))
        }

        let response: JSONValue
        let code: Int
        switch outcome {
        case .success(let items):
            code = 0
            response = ["code": 0, "message": "OK", "data": ["session_id": .string(UUID().uuidString.lowercased()), "items": .array(items.map(\.json))]]
        case .failure(let failure):
            code = failure.code
            var data: JSONObject = [:]
            if failure.code == ServiceCode.noText { data = ["session_id": .string(UUID().uuidString.lowercased()), "items": []] }
            response = ["code": .int(failure.code), "message": .string(failure.message), "data": .object(data)]
        }
        let milliseconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e15 + Double((ContinuousClock.now - started).components.seconds) * 1000
        logger.info("\(request.method) \(request.uri.path) status=200 code=\(code) bytes=\(received) latency_ms=\(Int(milliseconds)) appid=\(appid ?? "-")")
        return Self.json(response)
    }

    /// The body, refused with code 23 as soon as it is known to exceed the limit (from its
    /// declared length, or while it streams in), without buffering the rest.
    private func readBody(_ request: Request) async throws -> ByteBuffer {
        let limit = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw ServiceFailure(ServiceCode.bodyTooLarge, "request body of \(declared) bytes is over the \(limit)-byte limit")
        }
        var body = ByteBuffer()
        for try await chunk in request.body {
            if body.readableBytes + chunk.readableBytes > limit {
                throw ServiceFailure(ServiceCode.bodyTooLarge, "request body is over the \(limit)-byte limit")
            }
            var chunk = chunk
            body.writeBuffer(&chunk)
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
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
