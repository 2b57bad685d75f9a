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
    let metrics: ServerMetrics
    let state = ServerState()

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "ocr-pipeline.serve")) throws {
        self.configuration = configuration
        self.logger = logger
        let metrics = ServerMetrics(workers: max(1, configuration.workers))
        self.metrics = metrics
        let pipeline = try configuration.pipeline ?? RecognitionService.defaultPipeline(timeout: configuration.requestTimeout)
        let workers = max(1, configuration.workers)
        var isolation = configuration.isolation
        if case .workerProcesses(var options) = isolation {
            options.onReplaced = { metrics.workerReplaced(cause: $0) }
            isolation = .workerProcesses(options)
        }
        pool = WorkerPool(
            processors: (0..<workers).map { isolation.makeProcessor(pipeline: pipeline, index: $0, count: workers, gate: nil) },
            queueCapacity: configuration.queueCapacity)
        recognition = RecognitionService(
            pipeline: pipeline, registry: configuration.registry, pool: pool, deadline: configuration.requestTimeout,
            warn: { logger.warning("\($0)") })
        legacy = LegacyProtocol(
            verifier: LegacySignatureVerifier(credentials: configuration.credentials.filter { $0.appid != nil }),
            maxBodyBytes: configuration.maxBodyBytes)
        cloudAPI = CloudAPIProtocol(
            verifier: CloudAPISignatureVerifier(credentials: configuration.credentials),
            maxBodyBytes: configuration.maxCloudAPIBodyBytes, tesseractLanguages: recognition.tesseractLanguages)
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
    /// On graceful shutdown the server drains: requests in flight are answered, new ones are
    /// refused with each protocol's busy code while any remain, then it stops listening.
    private func serve(onStarted: @escaping @Sendable (Int) async -> Void) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let fetcher = ImageFetcher(
            client: client, policy: AddressPolicy(allowPrivate: configuration.allowPrivateURLs),
            timeout: TimeAmount(configuration.downloadTimeout), maxBytes: configuration.maxDownloadBytes)
        let router = Router(context: ServerContext.self)
        for middleware in configuration.middleware { router.add(middleware: middleware) }
        router.post("/ocr/general") { request, _ in
            await handle(request, fetcher: fetcher, protocol: legacy)
        }
        router.post("/") { request, _ in
            await handle(request, fetcher: fetcher, protocol: cloudAPI)
        }
        router.get("/") { request, _ in
            await handle(request, fetcher: fetcher, protocol: cloudAPI)
        }
        router.get("/healthz") { _, _ in
            let body: JSONValue = ["status": "ok", "workers": .int(configuration.workers), "busy": .int(pool.busy), "queued": .int(pool.queued)]
            return Self.json(body)
        }
        router.get("/readyz") { _, _ in
            let readiness = state.readiness
            var body: JSONObject = ["status": .string(readiness.status), "workers": .int(configuration.workers)]
            if let reason = readiness.reason { body["reason"] = .string(reason) }
            return Self.json(.object(body), status: readiness.isReady ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.scrape(busy: pool.busy, queued: pool.queued))))
        }
        let app = Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ExpectContinueHandler()],
                    idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ocr-pipeline"),
            onServerRunning: { channel in
                await onStarted(channel.localAddress?.port ?? configuration.port)
                Task { await warmUp() }
            },
            logger: Logger(label: "ocr-pipeline.hummingbird", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        // The listener runs in a group of its own, apart from the enclosing one, so that it
        // keeps answering (busy) while the requests in flight finish.
        let listener = ServiceGroup(
            configuration: .init(services: [app], logger: Logger(label: "ocr-pipeline.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })))
        let listening = Task.detached { try await listener.run() }
        do {
            try await withGracefulShutdownHandler {
                try await withTaskCancellationHandler {
                    try await listening.value
                } onCancel: {
                    listening.cancel()
                }
            } onGracefulShutdown: {
                state.startDraining()
                Task {
                    while state.inFlight > 0 { try? await Task.sleep(for: .milliseconds(20)) }
                    await listener.triggerGracefulShutdown()
                }
            }
        } catch {
            try? await client.shutdown()
            await pool.shutDown()
            throw error
        }
        try await client.shutdown()
        await pool.shutDown()
    }

    /// Has every worker read a blank page once, loading its engines and models, before the
    /// server reports itself ready (`/readyz`); tries again (after 1, 2, 4 … 30 s) until it does.
    private func warmUp() async {
        var pause = Duration.seconds(1)
        while !state.isDraining {
            let failure = await warmUpOnce()
            state.warmedUp(failure: failure)
            guard let failure else { return }
            logger.error("\(failure); trying again in \(pause)")
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(30))
        }
    }

    /// Has every worker read a blank page; the first failure, if any.
    private func warmUpOnce() async -> String? {
        let page: Data
        do {
            page = try VImage.black(width: 320, height: 320, bands: 3).linear(1, 255).pngData()
        } catch {
            return "the warm-up page could not be made: \(error)"
        }
        let workers = max(1, configuration.workers)
        let failures = await withTaskGroup(of: String?.self) { group in
            for index in 0..<workers {
                group.addTask {
                    do {
                        let result = try await pool.withWorker(deadline: .now.advanced(by: configuration.requestTimeout)) { worker in
                            await worker.process(.data(page), name: "warm-up page \(index + 1)") { _ in }
                        }
                        return result.failure.map { "\($0.code): \($0.detail)" }
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.compactMap { $0 }.reduce(into: [String]()) { $0.append($1) }
        }
        return failures.first.map { "a worker could not read the warm-up page: \($0)" }
    }

    /// Serves until the enclosing service group shuts down gracefully.
    public func run() async throws { try await serve(onStarted: { _ in }) }

    // MARK: Handling

    /// One OCR request of either protocol: the protocol checks and answers it; reading the body
    /// within its limit, url mode, recognition, metrics and the log line are shared.
    private func handle(_ request: Request, fetcher: ImageFetcher, protocol served: some ServedProtocol) async -> Response {
        let started = ContinuousClock.now
        let number = requestCounter.next()
        state.requestStarted()
        defer { state.requestFinished() }
        var accepted: AcceptedRequest?
        var received = 0
        var recognised = false
        let outcome: Result<Recognition, RequestFailure>
        do throws(RequestFailure) {
            if state.isDraining { throw .shuttingDown }
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
            recognised = true
            outcome = .success(try await recognition.recognize(image, name: "request \(number)", pdfPage: fields.pdfPage, reading: fields.reading))
        } catch {
            outcome = .failure(error)
        }
        let (body, code) = served.answer(outcome, request: accepted)
        let data = body.data()
        let elapsed = ContinuousClock.now - started
        let action = accepted?.cloudAPI?.action.rawValue ?? request.headers[CloudAPIProtocol.action] ?? served.defaultAction
        metrics.request(protocol: served.name, action: action, code: code, duration: elapsed)
        if recognised {
            switch outcome {
            case .success: metrics.image(status: "ok")
            case .failure(.noText): metrics.image(status: "no_text")
            case .failure: metrics.image(status: "failed")
            }
        }
        var fields: Logger.Metadata = [
            "method": "\(request.method)", "path": "\(request.uri.path)", "protocol": "\(served.name)", "action": "\(action)",
            "status": .stringConvertible(200), "code": "\(code)", "bytes_in": .stringConvertible(received), "bytes_out": .stringConvertible(data.count),
            "latency_ms": .stringConvertible(Int(elapsed / .milliseconds(1))), "request": .stringConvertible(number),
        ]
        if let client = accepted?.client { fields["client"] = "\(client)" }
        if let reading = accepted?.reading, reading != .standard { fields["reading"] = "\(reading)" }
        logger.info("request", metadata: fields)
        return Response(status: .ok, headers: [.contentType: served.contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
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

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.data())))
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

/// The request context: Hummingbird's core storage plus the connection (which a middleware may
/// close).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's connection.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The server enforces its own limit (``ServerConfiguration/maxBodyBytes``) while reading.
    public var maxUploadSize: Int { .max }
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
