/// The code that invokes a connection, in each language. Snippets name the link name and never hold a secret:
/// credentials are fetched at run time with `connections token LINK`.
public enum Snippet {
    public static func code(_ language: SnippetLanguage, request: SnippetRequest, linkName: String, service: Service, values: [String: String] = [:]) -> String {
        var resolved = request
        resolved.url = RequestURL.wireForm(RequestURL.resolve(request.url, apiBase: service.apiBase, values: values))
        resolved.headers = mergedHeaders(service.apiHeaders, request.headers)
        let uses = CredentialUse.uses(for: service.auth)
        switch language {
        case .deluge: return DelugeSnippet.code(resolved, linkName: linkName)
        case .curl: return uses.map { CurlSnippet.code(resolved, linkName: linkName, uses: $0) } ?? CurlSnippet.invokeCommand(resolved, linkName: linkName)
        case .python: return PythonSnippet.code(resolved, linkName: linkName, uses: uses)
        case .javascript: return JavaScriptSnippet.code(resolved, linkName: linkName, uses: uses)
        }
    }

    /// The service's own headers first; a header the request also sets is taken from the request.
    static func mergedHeaders(_ serviceHeaders: [KeyValue], _ requestHeaders: [KeyValue]) -> [KeyValue] {
        let overridden = Set(requestHeaders.map { $0.key.lowercased() })
        return serviceHeaders.filter { !overridden.contains($0.key.lowercased()) } + requestHeaders
    }

    /// Arguments for `connections invoke` that repeat the request exactly.
    static func invokeArguments(_ request: SnippetRequest, linkName: String) -> [String] {
        var arguments = ["invoke", linkName, request.url]
        if request.method != .GET { arguments += ["-X", request.method.rawValue] }
        for parameter in request.parameters { arguments += ["-p", parameter.key + "=" + parameter.value] }
        for header in request.headers { arguments += ["-H", header.key + ": " + header.value] }
        if let body = request.body { arguments += [body.hasPrefix("@") ? "--data-raw" : "-d", body] }
        return arguments
    }
}
