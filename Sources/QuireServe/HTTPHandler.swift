import Foundation
import NIOCore
import NIOHTTP1

/// One connection's requests: routes them, reads bodies up to the limit, answers, counts.
///
/// Runs on its channel's event loop only (NIO's contract for handlers), so its state needs no
/// lock; scoring runs right there, as it is short and CPU-bound.
final class HTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: ServerState
    /// The request being read, if any.
    private var active = false
    private var route = Route.other
    private var keepAlive = true
    private var startedNanoseconds: UInt64 = 0
    private var body: ByteBuffer?
    /// The request's Content-Length, if it gave one: the body's buffer is made that large at once.
    private var expectedLength = 0
    /// The answer decided from the head (404, 405, 415, 413), sent once the body has been read.
    private var rejection: RequestError?
    private var allow: String?
    /// An early answer was sent and the connection is closing: the rest is ignored.
    private var closing = false

    init(state: ServerState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head): begin(head, context: context)
        case .body(var part):
            guard active, rejection == nil else { return }
            let size = (body?.readableBytes ?? 0) + part.readableBytes
            if size > state.maxBodyBytes {
                body = nil
                rejection = Self.tooLarge(state.maxBodyBytes)
            } else if body == nil {
                if expectedLength > part.readableBytes {
                    var whole = context.channel.allocator.buffer(capacity: min(expectedLength, state.maxBodyBytes))
                    whole.writeBuffer(&part)
                    body = whole
                } else {
                    body = part
                }
            } else {
                body?.writeBuffer(&part)
            }
        case .end:
            guard active else { return }
            if let rejection {
                respond(context, error: rejection)
            } else {
                answer(context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if active {
            active = false
            state.metrics.abandoned()
        }
        context.fireChannelInactive()
    }

    /// A request NIO could not parse (answered 400 by NIO's error handler before this one): the
    /// connection cannot be trusted to continue, so it is closed.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if active {
            active = false
            state.metrics.abandoned()
        }
        closing = true
        context.close(promise: nil)
    }

    private static func tooLarge(_ limit: Int) -> RequestError {
        RequestError(status: 413, "the body is larger than the limit of \(limit) bytes (--max-body-bytes)")
    }

    private func begin(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        active = true
        state.metrics.started()
        startedNanoseconds = DispatchTime.now().uptimeNanoseconds
        keepAlive = head.isKeepAlive
        body = nil
        expectedLength = 0
        rejection = nil
        allow = nil
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch path {
        case "/v1/predict": route = .predict
        case "/v1/model": route = .model
        case "/healthz": route = .healthz
        case "/readyz": route = .readyz
        case "/metrics": route = .metrics
        default:
            route = .other
            rejection = RequestError(
                status: 404,
                "no route \(path); the routes are POST /v1/predict, GET /v1/model, GET /healthz, "
                    + "GET /readyz and GET /metrics")
            return
        }
        let method = route == .predict ? HTTPMethod.POST : .GET
        guard head.method == method else {
            allow = method.rawValue
            rejection = RequestError(
                status: 405, "\(head.method.rawValue) is not allowed on \(path); use \(method.rawValue)")
            return
        }
        guard route == .predict else { return }
        let length = head.headers.first(name: "content-length").flatMap { Int($0) }
        expectedLength = max(0, length ?? 0)
        if let length, length > state.maxBodyBytes {
            // Answered now, without reading the body, and the connection closed after.
            closing = true
            respond(context, error: Self.tooLarge(state.maxBodyBytes))
            return
        }
        let type = head.headers.first(name: "content-type") ?? ""
        let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType, mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            rejection = RequestError(
                status: 415,
                "the body must be JSON with Content-Type: application/json"
                    + (type.isEmpty ? " (none was given)" : ", not \(type)"))
            return
        }
    }

    /// Answers a request whose body has been read.
    private func answer(_ context: ChannelHandlerContext) {
        let loaded = state.store.current
        switch route {
        case .predict:
            predict(context, model: loaded)
        case .model:
            respond(context, status: 200, body: loaded.card, digest: loaded.digest)
        case .healthz:
            respond(context, status: 200, body: Array("{\"status\":\"ok\"}\n".utf8))
        case .readyz:
            if state.isDraining {
                respond(context, status: 503, body: Array("{\"status\":\"stopping\"}\n".utf8))
            } else {
                respond(
                    context, status: 200,
                    body: Array("{\"status\":\"ready\",\"model_sha256\":\"\(loaded.digest)\"}\n".utf8))
            }
        case .metrics:
            respond(
                context, status: 200, body: Array(state.metrics.text(model: loaded).utf8),
                contentType: "text/plain; version=0.0.4; charset=utf-8")
        case .other:
            respond(context, error: RequestError(status: 404, "no such route"))
        }
    }

    private func predict(_ context: ChannelHandlerContext, model loaded: LoadedModel) {
        let receivedAt = state.log == nil ? nil : Date()
        var buffer = body ?? context.channel.allocator.buffer(capacity: 0)
        body = nil
        let parsed: Result<PredictRequest, RequestError> = buffer.withUnsafeMutableReadableBytes { raw in
            let bytes = UnsafeBufferPointer(
                start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
            do throws(RequestError) {
                return .success(try PredictRequest.decode(bytes, fields: loaded.fields))
            } catch {
                return .failure(error)
            }
        }
        let request: PredictRequest
        let scores: Scores
        do throws(RequestError) {
            request = try parsed.get()
            scores = try Scores.score(request.frame, with: loaded)
        } catch {
            respond(context, error: error, digest: loaded.digest)
            return
        }
        let rows = request.frame.rowCount
        let response = scores.body(for: request.layout, model: loaded)
        // Logged before the answer goes out, so a client's next request is logged after this one.
        if let log = state.log, let receivedAt {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - startedNanoseconds) / 1e9
            log.append(
                model: loaded, startedAt: receivedAt, latencySeconds: seconds, frame: request.frame, scores: scores)
        }
        respond(context, status: 200, body: response, digest: loaded.digest, rows: rows)
    }

    private func respond(_ context: ChannelHandlerContext, error: RequestError, digest: String? = nil) {
        respond(context, status: error.status, body: error.body, digest: digest)
    }

    /// Writes a whole response and counts the request.
    private func respond(
        _ context: ChannelHandlerContext, status: Int, body bytes: [UInt8],
        contentType: String = "application/json", digest: String? = nil, rows: Int = 0
    ) {
        // Counted first: writing the end may close the channel (Connection: close) at once.
        if active {
            active = false
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - startedNanoseconds) / 1e9
            state.metrics.finished(route, status: status, seconds: seconds, rows: rows)
        }
        let close = closing || !keepAlive || state.isDraining
        var headers = HTTPHeaders()
        headers.reserveCapacity(5)
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(bytes.count))
        if let digest { headers.add(name: "quire-model-sha256", value: digest) }
        if let allow { headers.add(name: "allow", value: allow) }
        if close { headers.add(name: "connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        if close {
            closing = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
