import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCRPipeline

/// Fetches the image of a url-mode request with AsyncHTTPClient: http(s) only, a timeout, a
/// size cap enforced while the body streams in, redirects followed by hand (at most three) so
/// every hop's address is checked against the ``AddressPolicy``.
///
/// The address is checked on resolution, before connecting; a host whose DNS answer changes
/// between the check and the connection (DNS rebinding) is not caught.
struct ImageFetcher: Sendable {
    let client: HTTPClient
    let policy: AddressPolicy
    let timeout: TimeAmount
    let maxBytes: Int

    func fetch(_ text: String) async throws(RequestFailure) -> Data {
        var location = text
        for _ in 0..<4 {
            guard let url = URL(string: location), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host else {
                throw RequestFailure.downloadFailed("image download failed: \(location) is not an http(s) URL")
            }
            do {
                let addresses = try await AddressPolicy.resolve(host)
                if let refusal = addresses.lazy.compactMap({ policy.refusal(for: $0) }).first {
                    throw RequestFailure.downloadFailed(
                        "image download refused: \(host) is a \(refusal) (start the server with --allow-private-urls to permit it)")
                }
                var request = HTTPClientRequest(url: location)
                request.method = .GET
                let response = try await client.execute(request, timeout: timeout)
                if (300...399).contains(Int(response.status.code)), let next = response.headers.first(name: "location") {
                    location = URL(string: next, relativeTo: url)?.absoluteString ?? next
                    continue
                }
                guard response.status == .ok else {
                    throw RequestFailure.downloadFailed("image download failed: HTTP \(response.status.code) from \(host)")
                }
                if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > maxBytes {
                    throw RequestFailure.downloadTooLarge("image download failed: \(declared) bytes is over the \(maxBytes)-byte limit")
                }
                var data = Data()
                for try await chunk in response.body {
                    data.append(contentsOf: chunk.readableBytesView)
                    if data.count > maxBytes {
                        throw RequestFailure.downloadTooLarge("image download failed: more than the \(maxBytes)-byte limit")
                    }
                }
                return data
            } catch let failure as RequestFailure {
                throw failure
            } catch {
                throw RequestFailure.downloadFailed("image download failed: \(error)")
            }
        }
        throw RequestFailure.downloadFailed("image download failed: too many redirects")
    }
}
