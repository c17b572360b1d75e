import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire serve`: an HTTP/1.1 server on SwiftNIO answering predictions from one model file.
///
/// Started by ``run(_:listening:)``, which returns once the server has stopped: after `SIGTERM`
/// or `SIGINT` it stops accepting connections, answers the requests in flight (each with
/// `Connection: close`), writes out the request log and returns. `SIGHUP` reloads the model, as
/// does a change to the file (checked every ``ServeConfiguration/pollSeconds``).
public enum Server {
    /// Serves until a stop signal.
    ///
    /// - Parameters:
    ///   - configuration: what to serve and how.
    ///   - listening: called once with `http://HOST:PORT` when the server accepts connections.
    /// - Throws: ``ServeError`` when the model cannot be loaded, the address cannot be listened
    ///   on, or the request log directory cannot be written.
    public static func run(_ configuration: ServeConfiguration, listening: (String) -> Void) throws {
        let metrics = ServeMetrics()
        let store = try ModelStore(path: configuration.modelPath, metrics: metrics)
        let log = try configuration.logDirectory.map {
            try RequestLog(directory: $0, rotateRows: configuration.logRotateRows, metrics: metrics)
        }
        let state = ServerState(store: store, metrics: metrics, log: log, maxBodyBytes: configuration.maxBodyBytes)

        // Signals are taken from their default actions before the first connection, and handled
        // on a queue of their own.
        let stop = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "quire-serve-signals")
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if number == SIGHUP {
                    store.reload(onlyIfChanged: false)
                } else {
                    stop.signal()
                }
            }
            source.resume()
            sources.append(source)
        }
        signal(SIGPIPE, SIG_IGN)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads ?? System.coreCount)
        let channel: Channel
        do {
            channel = try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(HTTPHandler(state: state))
                    }
                }
                .bind(host: configuration.host, port: configuration.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            log?.stop()
            throw ServeError.listen(host: configuration.host, port: configuration.port, message: "\(error)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        listening("http://\(host):\(port)")

        let watching = WatchFlag()
        store.watch(every: configuration.pollSeconds) { watching.stopped }

        stop.wait()
        // Drain: no new connections, requests in flight answered (their connections then closed).
        state.drain()
        try? channel.close().wait()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(configuration.drainSeconds * 1e9)
        while metrics.inFlight > 0, DispatchTime.now().uptimeNanoseconds < deadline { usleep(2_000) }
        watching.stop()
        try? group.syncShutdownGracefully()
        log?.stop()
        for source in sources { source.cancel() }
    }
}

/// Tells the model watcher to stop.
private final class WatchFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var stopped: Bool { flag.load(ordering: .relaxed) }
    func stop() { flag.store(true, ordering: .relaxed) }
}
