import Foundation

/// What git sends a credential helper (git-credential(1)): `key=value` lines up to a blank line or the end;
/// `capability[]` lines list what this git understands.
public struct GitCredentialRequest: Sendable, Equatable {
    public var attributes: [String: String] = [:]
    public var capabilities: Set<String> = []

    public init(parsing text: String) {
        // "\r\n" is one Character in Swift: both end a line.
        for trimmed in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if trimmed.isEmpty { break }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<equals]), value = String(trimmed[trimmed.index(after: equals)...])
            if key == "capability[]" {
                capabilities.insert(value)
            } else if !key.hasSuffix("[]") {
                attributes[key] = value
            }
        }
    }

    /// `protocol://host[:port]/`, the origin the credential would go to.
    public var origin: URL? {
        guard let scheme = attributes["protocol"], let host = attributes["host"], !host.isEmpty else { return nil }
        return URL(string: "\(scheme)://\(host)/")
    }
}

/// `connections git-credential LINK get|store|erase`: the connection's token for the origins it may go to.
public struct GitCredentialHelper: Sendable {
    /// The user name given with a token when the service names none: GitLab wants `oauth2`, GitHub takes any.
    public static let defaultUsername = "oauth2"

    let invoker: Invoker

    public init(invoker: Invoker) { self.invoker = invoker }

    /// The answer to `get`, lines of `key=value`; throws `GitCredentialRefusal` when this connection's credential may not
    /// go where git asks.
    public func get(_ linkName: String, _ request: GitCredentialRequest, timeout: TimeInterval = 30) async throws -> (
        answer: String, warning: String?
    ) {
        let service = try checkOrigin(linkName, request)
        let credential = try await invoker.credential(linkName, timeout: timeout)
        var lines: [(String, String)] = []
        if credential.kind == .accessToken, request.capabilities.contains("authtype"), case .oauth2(let settings) = service.auth,
            settings.tokenPlacement == .header, settings.tokenParameter.lowercased() == "authorization", !settings.tokenPrefix.isEmpty
        {
            lines += [
                ("capability[]", "authtype"), ("authtype", settings.tokenPrefix), ("credential", credential.value.exposedValue),
                ("ephemeral", "1"),
            ]
        } else if credential.kind == .basic {
            lines += [("username", credential.username ?? ""), ("password", credential.password?.exposedValue ?? "")]
        } else {
            lines += [
                ("username", service.gitUsername.isEmpty ? Self.defaultUsername : service.gitUsername),
                ("password", credential.value.exposedValue),
            ]
        }
        if let expiresAt = credential.expiresAt { lines.append(("password_expiry_utc", String(Int64(expiresAt.timeIntervalSince1970)))) }
        // A value with a line break (or NUL) would end the answer early or add attributes of its own.
        guard !lines.contains(where: { $0.1.contains { $0 == "\n" || $0 == "\r" || $0 == "\0" } }) else {
            throw GitCredentialRefusal.unsafeValue(linkName: linkName)
        }
        return (lines.map { "\($0.0)=\($0.1)\n" }.joined(), credential.warning)
    }

    /// After the server refused the credential git got: when it is still the stored token, it is marked expired, so
    /// that the next `get` refreshes it first. True when it was marked.
    public func erase(_ linkName: String, _ request: GitCredentialRequest) throws -> Bool {
        _ = try checkOrigin(linkName, request)
        guard let refused = request.attributes["credential"] ?? request.attributes["password"], !refused.isEmpty else { return false }
        return try invoker.workspace.markRefused(linkName, accessToken: refused)
    }

    private func checkOrigin(_ linkName: String, _ request: GitCredentialRequest) throws -> Service {
        let connection = try invoker.workspace.connection(linkName)
        let service = try invoker.workspace.service(connection.serviceLinkName)
        guard let origin = request.origin else { throw GitCredentialRefusal.noOrigin }
        do {
            try CredentialScope(service: service, connection: connection).check(origin)
        } catch {
            throw GitCredentialRefusal.foreignOrigin(reason: error.description)
        }
        return service
    }
}

extension Workspace {
    /// Marks the stored access token expired when it is still `accessToken` (another process may have refreshed it since).
    func markRefused(_ linkName: String, accessToken: String) throws -> Bool {
        var marked = false
        _ = try store.modifyConnection(linkName) { connection in
            guard var tokens = connection.tokens, tokens.accessToken.exposedValue == accessToken else { return }
            tokens.expiresAt = min(tokens.expiresAt ?? .distantFuture, Date().addingTimeInterval(-1))
            connection.tokens = tokens
            marked = true
        }
        return marked
    }
}

/// Why the git helper answers nothing (git then asks its other helpers, or the user).
public enum GitCredentialRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case noOrigin
    case foreignOrigin(reason: String)
    case unsafeValue(linkName: String)

    public var description: String {
        switch self {
        case .noOrigin: "git sent no protocol and host, so there is no origin to check the credential for; nothing answered."
        case .foreignOrigin(let reason): "Nothing answered: \(reason)"
        case .unsafeValue(let linkName):
            "A value for git from \(linkName) (its git_username, or the stored credential) holds a line break; nothing answered. "
                + "Connect \(linkName) again, or correct git_username in its service."
        }
    }
}
