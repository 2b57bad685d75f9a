import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCRPipeline

/// The calling loop both Tencent engines share: every request paced (rate and requests in flight
/// shared by all workers, slowed for everyone when the service says "too frequent"), sent over
/// kept-alive connections with its own timeout, retried with full-jitter backoff within the
/// view's attempts and deadline, signed again once when the signature was refused as stale.
struct ServiceCaller: Sendable {
    let pacer: RequestPacer
    let client: HTTPClient
    /// Seconds one request may take.
    let timeout: Double
    /// Seconds one view may take, retries included.
    let imageDeadline: Double
    let maxAttempts: Int
    let backoff: Backoff
    /// Off sends `Connection: close` (for proxies that mishandle keep-alive).
    let reuseConnections: Bool

    init(
        qps: Double, maxInFlight: Int, timeout: Double, imageDeadline: Double, maxAttempts: Int,
        backoff: Backoff = Backoff(), client: HTTPClient = .shared, reuseConnections: Bool = true
    ) {
        pacer = RequestPacer(rate: qps, maxInFlight: maxInFlight)
        self.client = client
        self.timeout = timeout
        self.imageDeadline = imageDeadline
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.reuseConnections = reuseConnections
    }

    /// Recognises one view through `api`.
    func recognize(_ view: View, with api: some ServiceAPI, context: StageContext) async throws -> ViewRecognition {
        guard let payload = view.payload else { throw ServiceCallError.missingPayload }
        let started = ContinuousClock.now
        let deadline = started + .seconds(imageDeadline)
        var attempts = 0, retries = 0, resigned = false, retriedOnce = false
        var last = ""
        while true {
            try Task.checkCancellation()
            attempts += 1
            var request = try await api.request(for: payload)
            if !reuseConnections { request.headers.replaceOrAdd(name: "Connection", value: "close") }
            switch await send(request, deadline: deadline) {
            case .answer(let status, let headers, let body):
                guard let verdict = api.verdict(status: status, headers: headers, body: body) else {
                    // Not the service's JSON: a client error will not change on retry (a wrong address).
                    if (400..<500).contains(status) && status != 408 && status != 429 {
                        throw ServiceCallError.notTheService(status: status, endpoint: api.endpoint)
                    }
                    last = "HTTP \(status) without the service's JSON"
                    break
                }
                switch verdict {
                case .success(var recognition):
                    pacer.recovered()
                    recognition.record["attempts"] = .int(attempts)
                    recognition.record["seconds"] = .double(((ContinuousClock.now - started) / .milliseconds(1)).rounded() / 1000)
                    return recognition
                case .resign(let reason, _) where !resigned:
                    resigned = true
                    last = reason
                    await api.resign(stale: request, answer: headers)
                    continue
                case .resign(_, let otherwise):
                    throw otherwise
                case .retryOnce(_, let otherwise) where retriedOnce:
                    throw otherwise
                case .retryOnce(let reason, _):
                    retriedOnce = true
                    last = reason
                case .retry(let reason, let rateLimited):
                    last = reason
                    if rateLimited { pacer.slowDown() }
                case .stopRun(let stop):
                    throw stop
                case .fail(let error):
                    throw error
                }
            case .transportFailure(let description):
                last = description
            }
            // A retryable failure: back off, within the attempts and the view's deadline.
            guard attempts < maxAttempts else { throw ServiceCallError.gaveUp(attempts: attempts, last: last) }
            retries += 1
            let pause = backoff.delay(beforeRetry: retries)
            guard ContinuousClock.now + .seconds(pause) < deadline else { throw ServiceCallError.deadline(seconds: imageDeadline, last: last) }
            context.log("retry \(retries) in \(String(format: "%.2f", pause)) s after \(last)")
            try await Task.sleep(for: .seconds(pause))
        }
    }

    enum Outcome {
        case answer(status: Int, headers: HTTPHeaders, body: Data)
        /// The network, or a timeout: worth retrying.
        case transportFailure(String)
    }

    /// One request, paced, within the per-request timeout and what is left of the deadline.
    func send(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant) async -> Outcome {
        do {
            try await pacer.begin()
        } catch {
            return .transportFailure("cancelled while waiting for a request slot")
        }
        defer { pacer.end() }
        do {
            let remaining = max(0.1, (deadline - ContinuousClock.now) / .seconds(1))
            let response = try await client.execute(request, timeout: .milliseconds(Int64(min(timeout, remaining) * 1000)))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            return .answer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
        } catch {
            return .transportFailure("network: \(error)")
        }
    }
}
