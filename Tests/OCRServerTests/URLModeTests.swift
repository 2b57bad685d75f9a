import Foundation
import Hummingbird
import OCRPipeline
import Testing

/// url mode: fetched with AsyncHTTPClient, private addresses refused unless allowed.
@Suite struct URLModeTests {
    /// A plain HTTP server on loopback serving the test image at /image.jpg.
    static func imageHost() async throws -> (port: Int, task: Task<Void, any Error>) {
        let router = Router()
        router.get("/image.jpg") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/jpeg"], body: .init(byteBuffer: ByteBuffer(bytes: Fixtures.textJPEG)))
        }
        router.get("/missing.jpg") { _, _ in Response(status: .notFound) }
        let started = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { started.continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        var iterator = started.stream.makeAsyncIterator()
        return (await iterator.next() ?? 0, task)
    }

    @Test func loopbackURLIsRefusedByDefault() async throws {
        let server = try await TestServer()
        let host = try await Self.imageHost()
        let response = try await RawHTTP.exchange(
            port: server.port, Fixtures.post(Fixtures.jsonBody(image: nil, url: "http://127.0.0.1:\(host.port)/image.jpg")))
        #expect(response.code == -1308)
        #expect(response.message.contains("loopback"))
        for url in ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/x.jpg", "http://[::1]/x.jpg", "file:///etc/passwd"] {
            #expect(try await RawHTTP.exchange(port: server.port, Fixtures.post(Fixtures.jsonBody(image: nil, url: url))).code == -1308, "\(url)")
        }
        host.task.cancel()
        await server.stop()
    }

    @Test func urlWinsOverImageWhenAllowed() async throws {
        let server = try await TestServer { $0.allowPrivateURLs = true }
        let host = try await Self.imageHost()
        // The image field holds garbage: url must win.
        let response = try await RawHTTP.exchange(
            port: server.port, Fixtures.post(Fixtures.jsonBody(image: Data("garbage".utf8), url: "http://127.0.0.1:\(host.port)/image.jpg")))
        #expect(response.code == 0 && response.itemStrings == ["Invoice 4417"], "\(response.message)")
        let missing = try await RawHTTP.exchange(
            port: server.port, Fixtures.post(Fixtures.jsonBody(image: nil, url: "http://127.0.0.1:\(host.port)/missing.jpg")))
        #expect(missing.code == -1308 && missing.message.contains("404"))
        host.task.cancel()
        await server.stop()
    }
}
