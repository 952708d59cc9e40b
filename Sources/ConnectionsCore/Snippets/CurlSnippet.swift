/// A curl command line; each credential comes from `$(connections token LINK ...)`.
enum CurlSnippet {
    static func code(_ request: OutgoingRequest, linkName: String, uses: [CredentialUse]) -> String {
        let staticURL = RequestURL.appendingQuery(request.wireURL, request.query)
        var urlWord = Escaping.shell(staticURL)
        let queryCredentials = uses.filter { $0.placement == .query }
        if !queryCredentials.isEmpty {
            // Double quotes, so that each `$(connections token ...)` runs.
            var separator = staticURL.contains("?") ? "&" : "?"
            urlWord = "\"" + Escaping.shellDoubleQuotedContent(staticURL)
            for use in queryCredentials {
                urlWord += Escaping.shellDoubleQuotedContent(
                    separator + FormEncoding.component(use.name) + "=" + FormEncoding.component(use.prefix))
                urlWord += tokenCommand(linkName, use)
                separator = "&"
            }
            urlWord += "\""
        }
        // -sS: no progress meter when piped, errors still shown.
        var head = "curl -sS"
        if request.method != "GET" { head += " -X " + Escaping.shell(request.method) }
        var lines = [head + " " + urlWord]
        for use in uses where use.placement == .header {
            lines.append("-H \"\(Escaping.shellDoubleQuotedContent(use.name + ": " + use.prefix))\(tokenCommand(linkName, use))\"")
        }
        lines += request.headers.map(headerArgument)
        // curl's own Content-Type for --data is the form encoding; any other is said.
        if let contentType = request.contentType, contentType != OutgoingRequest.formContentType {
            lines.append(headerArgument(KeyValue("Content-Type", contentType)))
        }
        lines += request.form.map(formArgument)
        for use in uses where use.placement == .form {
            lines.append(
                "--data-urlencode \"\(Escaping.shellDoubleQuotedContent(use.name + "=" + use.prefix))\(tokenCommand(linkName, use))\"")
        }
        if let body = request.body { lines.append("--data-binary " + Escaping.shell(Snippet.text(body))) }
        return lines.joined(separator: " \\\n  ") + "\n"
    }

    static func invokeCommand(_ invokeArguments: [String]) -> String {
        let arguments = invokeArguments.map(Escaping.shell)
        return "# OAuth 1 signs each request; connections does it for you.\nconnections " + arguments.joined(separator: " ") + "\n"
    }

    private static func tokenCommand(_ linkName: String, _ use: CredentialUse) -> String {
        "$(connections token " + ([linkName] + use.tokenArguments.map(Escaping.shell)).joined(separator: " ") + ")"
    }

    /// `Name;` is how curl sends a header with an empty value (`Name:` would remove the header).
    private static func headerArgument(_ header: KeyValue) -> String {
        "-H " + Escaping.shell(header.value.isEmpty ? header.key + ";" : header.key + ": " + header.value)
    }

    private static func formArgument(_ pair: KeyValue) -> String {
        let key = FormEncoding.component(pair.key)
        // --data-urlencode encodes only the value; a key that needs encoding is sent pre-encoded with --data.
        return key == pair.key
            ? "--data-urlencode " + Escaping.shell(pair.key + "=" + pair.value)
            : "--data " + Escaping.shell(key + "=" + FormEncoding.component(pair.value))
    }
}
