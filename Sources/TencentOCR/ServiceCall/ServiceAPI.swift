import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OCRPipeline

/// What one OCR API adds to the shared calling loop (``ServiceCaller``): how a signed request
/// is made and how an answer reads. The legacy API and API 3.0 each conform once.
protocol ServiceAPI: Sendable {
    /// Where requests go, as messages show it.
    var endpoint: String { get }

    /// The signed request that carries `payload`.
    func request(for payload: Payload) async throws -> HTTPClientRequest

    /// What the answer means; `nil` when the body is not this API's JSON (a proxy's error page,
    /// an address that is no OCR service).
    func verdict(status: Int, headers: HTTPHeaders, body: Data) -> ServiceVerdict?

    /// Makes the next request carry a fresh signature, after `stale` was refused as expired or
    /// replayed; `answer` holds the refusal's headers (its `Date` tells the server's clock).
    func resign(stale: HTTPClientRequest, answer: HTTPHeaders) async
}

/// An API's reading of one answer.
enum ServiceVerdict: Sendable {
    case success(ViewRecognition)
    /// Worth trying again after a pause; `rateLimited` slows every worker down.
    case retry(String, rateLimited: Bool = false)
    /// Worth one retry per view (the legacy API's "OCR failed"); a second time, `otherwise`
    /// fails the image.
    case retryOnce(String, otherwise: any DescribedError)
    /// The signature was refused as stale: sign again and retry at once, once per view; a
    /// second time, `otherwise` fails the image.
    case resign(String, otherwise: any DescribedError)
    /// Every later call would fail too: the run stops.
    case stopRun(ServiceStopped)
    /// This image fails; the others go on.
    case fail(any DescribedError)
}
