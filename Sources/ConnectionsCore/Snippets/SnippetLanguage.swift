public enum SnippetLanguage: String, Sendable, CaseIterable {
    case deluge, curl, python, javascript
    /// For a connection to an MCP server: what MCP clients take to run `connections mcp LINK`.
    case mcp

    public var displayName: String {
        switch self {
        case .deluge: "Deluge"
        case .curl: "curl"
        case .python: "Python"
        case .javascript: "JavaScript"
        case .mcp: "MCP client"
        }
    }

    /// The languages that render a request.
    public static let requestLanguages: [SnippetLanguage] = [.deluge, .curl, .python, .javascript]

    /// What a connection of `service` offers: the request languages, and for an MCP server its client configuration.
    public static func available(for service: Service) -> [SnippetLanguage] {
        requestLanguages + (service.mcpEndpoint.isEmpty ? [] : [.mcp])
    }
}
