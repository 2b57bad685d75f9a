import ArgumentParser
import Foundation
import Logging
import OCRPipeline
import OCRServer
import TencentOCR

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves Tencent's general-OCR protocols with the local engine: API 3.0 (POST /) and the legacy API (POST /ocr/general).",
        discussion: """
            Clients of either API can be pointed at it unchanged, on one port and one pool of engines. \
            Requests are signed as each API documents (TC3-HMAC-SHA256 for API 3.0, the multi-effective \
            HMAC-SHA1 signature for the legacy API) and checked against the credentials file: a JSON \
            array of {"secret_id", "secret_key", "appid"?, "token"?, "buckets"?} (an appid is needed for \
            the legacy API only). Errors are answered as HTTP 200 with each API's own error JSON, as the \
            services do. GET /healthz reports the workers, GET /readyz whether they have loaded their \
            engines, GET /metrics counts requests, latencies, images, queue and worker restarts in \
            Prometheus' text format. One JSON line per request goes to standard error. SIGTERM or \
            Ctrl-C finishes the requests in flight, answering new ones with the busy code meanwhile.
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "The credentials file.") var credentials: String
    @Option(help: "A pipeline file for recognition (default: decode, orient, reject-gif, tile, ppocr, merge).") var pipeline: String?
    @Option(help: "Engines running at once (default: one per core).") var workers: Int?
    @Option(help: "Requests that may wait for an engine; more are answered at once (legacy 15, API 3.0 RequestLimitExceeded).") var queue: Int?
    @Option(help: "Largest legacy request body in bytes.") var maxBodyBytes = 6 * 1024 * 1024
    @Option(help: "Largest API 3.0 request body in bytes.") var maxApi3BodyBytes = 10 * 1024 * 1024 + 64 * 1024
    @Option(help: "Seconds a request may take, waiting included.") var timeout = 120
    @Option(help: "Seconds after which a connection that sends nothing is closed.") var idleTimeout = 60
    @Flag(help: "Let url mode fetch from loopback, private and link-local addresses.") var allowPrivateUrls = false
    @OptionGroup var isolation: IsolationOptions

    func run() async throws {
        LoggingSystem.bootstrap { JSONLineLogHandler(label: $0) }
        let accounts: [Credential]
        do {
            accounts = try Credential.load(contentsOf: credentials)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        var configuration = ServerConfiguration(credentials: accounts)
        configuration.host = host
        configuration.port = port
        if let pipeline { configuration.pipeline = try loadPipeline(pipeline) }
        configuration.registry = CLISettings.shared.registry
        if let workers { configuration.workers = max(1, workers) }
        configuration.queueCapacity = queue ?? configuration.workers * 8
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxCloudAPIBodyBytes = maxApi3BodyBytes
        configuration.requestTimeout = .seconds(timeout)
        configuration.allowPrivateURLs = allowPrivateUrls
        configuration.idleTimeout = .seconds(max(1, idleTimeout))
        var isolation = self.isolation
        isolation.imageTimeout = min(isolation.imageTimeout, Double(timeout))  // a request's image never outlives the request
        configuration.isolation = try isolation.isolation(workers: configuration.workers)
        let server = try OCRServer(configuration: configuration)
        let host = self.host, workers = configuration.workers
        try await server.run(gracefulShutdownSignals: [.sigterm, .sigint]) { port in
            FileHandle.standardError.write(
                Data("ocr-pipeline serve: listening on http://\(host):\(port)/ (API 3.0) and /ocr/general (legacy), \(workers) workers\n".utf8))
        }
    }
}
