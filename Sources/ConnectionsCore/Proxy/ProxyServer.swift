import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The gateway on 127.0.0.1: `/LINK/PATH?QUERY` with the run's secret and a loopback Host goes through connection LINK
/// (`ProxyForwarder`); anything else is answered here with what to do. Each client connection is served in order
/// (HTTP/1.1 keep-alive and pipelining) by a `ProxyConnectionHandler` on its event loop, many connections at once.
public final class ProxyServer: Sendable {
    public let port: Int
    public var address: String { "http://127.0.0.1:\(port)" }
    private let listener: any Channel

    public static let maximumRequestBody = 64 << 20

    public static func start(port: Int, secret: ProxySecret, forwarder: ProxyForwarder, log: @escaping @Sendable (ProxyLogEntry) -> Void)
        async throws(ProxyStartError) -> ProxyServer
    {
        do {
            let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            ProxyConnectionHandler(secret: secret, forwarder: forwarder, log: log))
                    }
                }
                .bind(host: "127.0.0.1", port: port).get()
            return ProxyServer(port: listener.localAddress?.port ?? port, listener: listener)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .portInUse(port)
        } catch {
            throw .listenFailed("\(error)")
        }
    }

    private init(port: Int, listener: any Channel) {
        self.port = port
        self.listener = listener
    }

    /// Serves until the listener is closed.
    public func run() async throws {
        try await listener.closeFuture.get()
    }

    public func close() {
        listener.close(promise: nil)
    }
}
