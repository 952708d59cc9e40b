import Foundation

/// What an API key or Basic connection asks for at connect time.
public struct CredentialPrompt: Sendable, Equatable {
    /// The key it is stored under: an API key row's key, or `username` / `password`.
    public var key: String
    public var label: String
    public var isSecret: Bool

    public static func prompts(for auth: AuthScheme) -> [CredentialPrompt] {
        switch auth {
        case .apiKey(let fields): fields.map { CredentialPrompt(key: $0.key, label: $0.label, isSecret: true) }
        case .basic:
            [
                CredentialPrompt(key: "username", label: "Username", isSecret: false),
                CredentialPrompt(key: "password", label: "Password", isSecret: true),
            ]
        case .oauth1, .oauth2: []
        }
    }
}

/// A `--check` request that did not succeed; nothing was stored.
public struct CredentialCheckFailed: Error, CustomStringConvertible {
    public var status: Int
    public var url: String
    public var message: String

    public var description: String {
        let reason = message.hasSuffix(".") ? String(message.dropLast()) : message
        return
            "The check request to \(url) answered HTTP \(status)\(reason.isEmpty ? "" : ": " + reason). The credentials were not stored; "
            + "check them and connect again."
    }
}

extension Authorizer {
    /// Stores API key or Basic credentials and marks the connection Connected. With `check`, one GET through the new
    /// credentials must succeed first; otherwise nothing changes.
    public func storeCredentials(_ linkName: String, _ values: [String: Secret], check: String? = nil) async throws -> Connection {
        var connection = try workspace.connection(linkName)
        let service = try workspace.service(connection.serviceLinkName)
        let prompts = CredentialPrompt.prompts(for: service.auth)
        guard !prompts.isEmpty else { throw ConnectError.noCredentialsToGive(service: service.name, type: service.auth.type.displayName) }
        for prompt in prompts where values[prompt.key]?.isEmpty ?? true {
            throw ConnectError.emptyCredential(label: prompt.label, service: service.name)
        }
        // What goes in a header or a URL may hold no line break or control character (a paste can bring one).
        for prompt in prompts
        where values[prompt.key]?.exposedValue.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) == true {
            throw ConnectError.unsafeCredential(label: prompt.label)
        }
        connection.credentials = values.filter { key, _ in prompts.contains { $0.key == key } }
        if let check {
            let result = try await Invoker(workspace: workspace, http: http).invoke(connection, service: service, APIRequest(url: check))
            guard result.response.status < 400 else {
                throw CredentialCheckFailed(
                    status: result.response.status, url: result.url.absoluteString, message: ProviderMessage.from(result.response))
            }
        }
        try workspace.store.saveCredentials(linkName, connection.credentials, status: .connected, authorizedBy: workspace.member)
        connection.storedStatus = .connected
        connection.authorizedBy = workspace.member
        return connection
    }
}
