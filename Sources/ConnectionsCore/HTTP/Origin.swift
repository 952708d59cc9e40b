import Foundation

/// RFC 6454: scheme, host and port. Credentials are sent to an origin, never to a URL that merely looks alike.
public struct Origin: Hashable, Sendable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int

    public init(scheme: String, host: String, port: Int) {
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port
    }

    /// Nil for what is not an http(s) URL with a host.
    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            return nil
        }
        self.init(scheme: scheme, host: host, port: url.port ?? (scheme == "https" ? 443 : 80))
    }

    public init?(_ text: String) {
        guard let url = URL(string: text) else { return nil }
        self.init(url)
    }

    public var description: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port == defaultPort ? "" : ":\(port)")
    }

    /// Names that always mean this machine, the only hosts plain http may carry a credential to.
    public var isLoopback: Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
    }

    /// Whether the host reaches this machine, however it is written: `isLoopback`'s names, but also the rest of
    /// 127.0.0.0/8 in any form the resolver reads (127.1, 2130706433), 0.0.0.0, `::`, IPv4-mapped loopback and
    /// `*.localhost` (RFC 6761). A name that DNS maps to 127.0.0.1 is not caught here.
    public var isThisMachine: Bool { Self.isThisMachine(host: host) }

    public static func isThisMachine(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        var ipv4 = in_addr()
        if inet_aton(name, &ipv4) != 0 {
            let value = UInt32(bigEndian: ipv4.s_addr)
            return value >> 24 == 127 || value == 0
        }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, name, &ipv6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        if mapped { return bytes[12] == 127 || bytes[12...].allSatisfy { $0 == 0 } }
        return bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] <= 1
    }

    static func hostLabel(_ url: URL) -> String {
        url.host.map { host in url.port.map { "\(host):\($0)" } ?? host } ?? url.absoluteString
    }
}
