/// A curl command line; each credential comes from `$(connections token LINK ...)`.
enum CurlSnippet {
    static func code(_ request: SnippetRequest, linkName: String, uses: [CredentialUse]) -> String {
        let staticURL = RequestURL.appendingQuery(request.url, request.queryParameters)
        var urlWord = Escaping.shell(staticURL)
        let queryCredentials = uses.filter { $0.placement == .query }
        if !queryCredentials.isEmpty {
            // Double quotes, so that each `$(connections token ...)` runs.
            var separator = staticURL.contains("?") ? "&" : "?"
            urlWord = "\"" + Escaping.shellDoubleQuotedContent(staticURL)
            for use in queryCredentials {
                urlWord += Escaping.shellDoubleQuotedContent(separator + Escaping.percent(use.name) + "=" + Escaping.percent(use.prefix))
                urlWord += tokenCommand(linkName, use)
                separator = "&"
            }
            urlWord += "\""
        }
        // -sS: no progress meter when piped, errors still shown.
        var head = "curl -sS"
        if request.method != .GET { head += " -X \(request.method.rawValue)" }
        var lines = [head + " " + urlWord]
        for use in uses where use.placement == .header {
            lines.append("-H \"\(Escaping.shellDoubleQuotedContent(use.name + ": " + use.prefix))\(tokenCommand(linkName, use))\"")
        }
        lines += request.headers.map { "-H " + Escaping.shell($0.key + ": " + $0.value) }
        lines += request.formParameters.map(formArgument)
        for use in uses where use.placement == .form {
            lines.append("--data-urlencode \"\(Escaping.shellDoubleQuotedContent(use.name + "=" + use.prefix))\(tokenCommand(linkName, use))\"")
        }
        if let body = request.body { lines.append("--data-binary " + Escaping.shell(body)) }
        return lines.joined(separator: " \\\n  ") + "\n"
    }

    static func invokeCommand(_ request: SnippetRequest, linkName: String) -> String {
        let arguments = Snippet.invokeArguments(request, linkName: linkName).map(Escaping.shell)
        return "# OAuth 1 signs each request; connections does it for you.\nconnections " + arguments.joined(separator: " ") + "\n"
    }

    private static func tokenCommand(_ linkName: String, _ use: CredentialUse) -> String {
        "$(connections token " + ([linkName] + use.tokenArguments.map(Escaping.shell)).joined(separator: " ") + ")"
    }

    private static func formArgument(_ pair: KeyValue) -> String {
        let key = Escaping.percent(pair.key)
        // --data-urlencode encodes only the value; a key that needs encoding is sent pre-encoded with --data.
        return key == pair.key
            ? "--data-urlencode " + Escaping.shell(pair.key + "=" + pair.value)
            : "--data " + Escaping.shell(key + "=" + Escaping.percent(pair.value))
    }
}
