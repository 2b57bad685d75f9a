import ArgumentParser
import Foundation
import Logging
import OCRPipeline
import OCRServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves Tencent's legacy general-OCR protocol (POST /ocr/general) with the local engine.",
        discussion: """
        Clients of the legacy API can be pointed at it unchanged. Requests are signed as PROTOCOL.md \
        describes and checked against the credentials file: a JSON array of \
        {"appid", "secret_id", "secret_key", "buckets"?}. Errors are answered as HTTP 200 with the \
        service's JSON code and message, as the service does. GET /healthz reports the workers. \
        SIGTERM or Ctrl-C stops accepting and finishes the requests in flight.
        """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "The credentials file.") var credentials: String
    @Option(help: "A pipeline file for recognition (default: decode, reject-gif, tile, ppocr, merge).") var pipeline: String?
    @Option(help: "Engines running at once (default: one per core).") var workers: Int?
    @Option(help: "Requests that may wait for an engine; more are answered at once with code 15.") var queue: Int?
    @Option(help: "Largest request body in bytes.") var maxBodyBytes = 6 * 1024 * 1024
    @Option(help: "Seconds a request may take, waiting included.") var timeout = 120
    @Option(help: "Seconds after which a connection that sends nothing is closed.") var idleTimeout = 60
    @Flag(help: "Let url mode fetch from loopback, private and link-local addresses.") var allowPrivateUrls = false
    @OptionGroup var isolation: IsolationOptions

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
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
        if let workers { configuration.workers = max(1, workers) }
        configuration.queueCapacity = queue ?? configuration.workers * 8
        configuration.maxBodyBytes = maxBodyBytes
        configuration.requestTimeout = .seconds(timeout)
        configuration.allowPrivateURLs = allowPrivateUrls
        configuration.idleTimeout = .seconds(max(1, idleTimeout))
        var isolation = self.isolation
        isolation.imageTimeout = min(isolation.imageTimeout, Double(timeout))  // a request's image never outlives the request
        configuration.isolation = try isolation.isolation(workers: configuration.workers)
        let server = try OCRServer(configuration: configuration)
        let host = self.host, workers = configuration.workers
        try await server.run(gracefulShutdownSignals: [.sigterm, .sigint]) { port in
            FileHandle.standardError.write(Data("ocr-pipeline serve: listening on http://\(host):\(port)/ocr/general (\(workers) workers)\n".utf8))
        }
    }
}
