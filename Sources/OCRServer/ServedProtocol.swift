import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OCRPipeline

/// One of the protocols `serve` speaks: how it checks a request and answers. The server's
/// shared handling (``OCRServer``) reads the body within the protocol's limit, fetches url-mode
/// images, recognises on the shared engine pool and logs one line per request.
protocol ServedProtocol: Sendable {
    /// How metrics and logs name it: `api3` or `legacy`.
    var name: String { get }
    /// The action metrics and logs give a request that named none it takes.
    var defaultAction: String { get }

    /// The largest body this protocol takes, enforced while it streams in.
    var maxBodyBytes: Int { get }

    /// Checks what the headers alone can tell, before the body is read.
    func precheck(_ headers: HTTPFields) throws(RequestFailure)

    /// Checks the signature and reads the request's fields.
    func accept(_ head: HTTPRequest, body: ByteBuffer) throws(RequestFailure) -> AcceptedRequest

    /// The answer to a recognised request, or to a failed one.
    func answer(_ outcome: Result<Recognition, RequestFailure>, request: AcceptedRequest?) -> (body: JSONValue, code: String)

    /// The answer's content type.
    var contentType: String { get }
}

/// What a protocol read from an accepted request.
struct AcceptedRequest: Sendable {
    /// The image sent inline, if any.
    var image: Data?
    /// The image's address (url mode), which wins over `image`.
    var url: String?
    /// Who asked, for the log line: an appid, when the credential has one (never a key).
    var client: String?
    /// A PDF may be read, and which page of it (API 3.0's `IsPdf` and `PdfPageNumber`, from 1);
    /// `nil`: a PDF is refused as an image that cannot be decoded.
    var pdfPage: Int?
    /// Which variant of the pipeline reads the image.
    var reading = Reading.standard
    /// What an API 3.0 request asked of its answer.
    var cloudAPI: CloudAPIRequest?
}

/// What the server read for a request.
struct Recognition: Sendable {
    /// The lines, in the pixels of the image turned upright.
    var items: [OCRItem]
    /// The pages of the PDF the request sent, when it sent one.
    var pdfPageCount: Int?
    /// How far the image was found turned (degrees clockwise; 0 when it was upright), and its
    /// size once turned upright: what maps the items back to the image as it was received.
    var angle = 0
    var uprightSize = PixelSize(width: 0, height: 0)

    /// A point of the upright image in the received image's pixels.
    func received(_ point: PixelPoint) -> PixelPoint {
        let (width, height) = (Double(uprightSize.width), Double(uprightSize.height))
        switch angle {
        case 90: return PixelPoint(x: height - point.y, y: point.x)
        case 180: return PixelPoint(x: width - point.x, y: height - point.y)
        case 270: return PixelPoint(x: point.y, y: width - point.x)
        default: return point
        }
    }
}
