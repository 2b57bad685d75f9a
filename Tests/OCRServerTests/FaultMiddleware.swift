import Foundation
import Hummingbird
import OCRPipeline
import OCRServer
import Synchronization

/// Makes the server misbehave on purpose, for testing clients: answers an OCR request (legacy
/// `POST /ocr/general`, API 3.0 `/`) with an error code, answers it late, or drops the connection
/// without answering. Installed by the tests through ``ServerConfiguration/middleware``.
final class FaultMiddleware: RouterMiddleware, Sendable {
    typealias Context = ServerContext

    enum Fault: Sendable {
        /// A legacy request is answered with this code (API 3.0 requests go on).
        case answer(code: Int, message: String)
        /// An API 3.0 request is answered with this error code (legacy requests go on).
        case answerCloudAPI(code: String, message: String)
        case delay(Duration)
        case dropConnection
    }

    /// Called with the 1-based number of each OCR request (of either protocol).
    let decide: @Sendable (Int) -> Fault?
    private let counter = Mutex(0)

    init(decide: @escaping @Sendable (Int) -> Fault?) { self.decide = decide }

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let isLegacy = path == "/ocr/general"
        guard isLegacy || path == "/" else { return try await next(request, context) }
        let number = counter.withLock {
            $0 += 1
            return $0
        }
        switch decide(number) {
        case nil: return try await next(request, context)
        case .delay(let duration):
            try? await Task.sleep(for: duration)
            return try await next(request, context)
        case .dropConnection:
            context.channel.close(promise: nil)
            throw HTTPError(.internalServerError, message: "connection dropped")
        case .answer(let code, let message) where isLegacy:
            return Self.json(["code": .int(code), "message": .string(message), "data": [:]])
        case .answerCloudAPI(let code, let message) where !isLegacy:
            let error: JSONValue = ["Code": .string(code), "Message": .string(message)]
            return Self.json(["Response": ["Error": error, "RequestId": .string(UUID().uuidString.lowercased())]])
        case .answer, .answerCloudAPI: return try await next(request, context)
        }
    }

    private static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.data())))
    }
}
