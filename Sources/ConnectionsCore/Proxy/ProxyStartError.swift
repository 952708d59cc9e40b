/// Why `connections proxy` could not start.
public enum ProxyStartError: Error, Sendable, Equatable, CustomStringConvertible {
    case portInUse(Int)
    case listenFailed(String)
    case secretFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let port): "Port \(port) on 127.0.0.1 is taken: give another with --port (0 picks a free one)."
        case .listenFailed(let reason): "Cannot listen on 127.0.0.1: \(reason)."
        case .secretFile(let path, let reason): "Cannot write the proxy's secret to \(path): \(reason). Is the directory yours?"
        }
    }
}
