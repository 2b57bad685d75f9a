import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with an interim `100 Continue`, so that clients which wait
/// for it before uploading (libcurl, and so the PHP SDKs, for larger bodies; .NET's HttpClient
/// when asked) send their image at once instead of after their one-second timeout.
///
/// Responses leave in request order, so the interim response of a pipelined request waits
/// until every response before it has ended.
final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// One entry per request whose response has not ended: whether it still waits for its
    /// `100 Continue`.
    private var awaitingContinue: CircularBuffer<Bool> = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let request) = unwrapInboundIn(data) {
            let expects = request.headerFields[.expect]?.lowercased() == "100-continue"
            awaitingContinue.append(expects)
            if awaitingContinue.count == 1 { sendContinueIfOwed(context: context) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        context.write(data, promise: promise)
        if case .end = part, !awaitingContinue.isEmpty {
            awaitingContinue.removeFirst()
            sendContinueIfOwed(context: context)
        }
    }

    private func sendContinueIfOwed(context: ChannelHandlerContext) {
        guard awaitingContinue.first == true else { return }
        awaitingContinue[awaitingContinue.startIndex] = false
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
    }
}
