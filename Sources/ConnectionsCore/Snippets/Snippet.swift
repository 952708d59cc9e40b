import Foundation

/// The code that invokes a connection, in each language. Snippets name the link name and never hold a secret:
/// credentials are fetched at run time with `connections token LINK`. Each language renders the one
/// `OutgoingRequest` that `invoke` sends.
public enum Snippet {
    public static func code(
        _ language: SnippetLanguage, request: APIRequest, linkName: String, service: Service, values: [String: String] = [:]
    ) -> String {
        if language == .mcp { return mcpClients(name: service.name, linkName: linkName) }
        let plan = OutgoingRequest.plan(request, service: service, values: values)
        // invokeurl applies every kind of credential itself, OAuth 1's signature too.
        if language == .deluge { return DelugeSnippet.code(plan, linkName: linkName) }
        guard let uses = plan.credentials else { return invokeCode(language, request, linkName: linkName) }
        switch language {
        case .deluge: return DelugeSnippet.code(plan, linkName: linkName)
        case .curl: return CurlSnippet.code(plan, linkName: linkName, uses: uses)
        case .python: return PythonSnippet.code(plan, linkName: linkName, uses: uses)
        case .javascript: return JavaScriptSnippet.code(plan, linkName: linkName, uses: uses)
        case .mcp: return mcpClients(name: service.name, linkName: linkName)
        }
    }

    /// Each MCP client's configuration for `connections mcp LINK`, under a comment naming the client and its file.
    static func mcpClients(name: String, linkName: String) -> String {
        MCPClientConfiguration.all(name: name, command: "connections", arguments: ["mcp", linkName])
            .map { "// \($0.client): \($0.place)\n\($0.text)" }.joined(separator: "\n\n")
    }

    /// OAuth 1 signs each request over the whole of it, so the code asks `connections invoke` to send it.
    private static func invokeCode(_ language: SnippetLanguage, _ request: APIRequest, linkName: String) -> String {
        let arguments = invokeArguments(request, linkName: linkName)
        switch language {
        case .deluge, .curl: return CurlSnippet.invokeCommand(arguments)
        case .mcp: return mcpClients(name: linkName, linkName: linkName)
        case .python: return PythonSnippet.invokeCode(arguments)
        case .javascript: return JavaScriptSnippet.invokeCode(arguments)
        }
    }

    /// Arguments for `connections invoke` that repeat the request exactly.
    static func invokeArguments(_ request: APIRequest, linkName: String) -> [String] {
        var arguments = ["invoke", linkName, request.url]
        if request.method != "GET" { arguments += ["-X", request.method] }
        for parameter in request.parameters { arguments += ["-p", parameter.key + "=" + parameter.value] }
        for header in request.headers { arguments += ["-H", header.key + ": " + header.value] }
        if let body = request.body.map(text) { arguments += [body.hasPrefix("@") ? "--data-raw" : "-d", body] }
        return arguments
    }

    /// A body as a snippet writes it: snippets are text.
    static func text(_ body: Data) -> String { String(decoding: body, as: UTF8.self) }
}
