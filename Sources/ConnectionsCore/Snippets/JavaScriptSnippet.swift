/// JavaScript (Node 18+ ES module, `fetch`); credentials come from the `connections token` command at run time.
enum JavaScriptSnippet {
    static let importLine = "import { execFileSync } from \"node:child_process\";"

    static func invokeCode(_ invokeArguments: [String]) -> String {
        let arguments = invokeArguments.map(Escaping.javascript)
        return [
            importLine, "",
            "// OAuth 1 signs each request; connections does it for you.",
            "const output = execFileSync(\"connections\", [\(arguments.joined(separator: ", "))], { encoding: \"utf8\" });",
            "console.log(output);",
        ].joined(separator: "\n") + "\n"
    }

    static func code(_ request: OutgoingRequest, linkName: String, uses: [CredentialUse]) -> String {
        var lines = [importLine, ""]
        lines.append("// The connection's current credential; connections refreshes it when needed.")
        lines.append("const connectionToken = (...options) =>")
        lines.append(
            "  execFileSync(\"connections\", [\"token\", \(Escaping.javascript(linkName)), ...options], { encoding: \"utf8\" }).trim();")
        lines.append("")
        lines.append("const url = new URL(\(Escaping.javascript(request.wireURL)));")
        for parameter in request.query {
            lines.append("url.searchParams.append(\(Escaping.javascript(parameter.key)), \(Escaping.javascript(parameter.value)));")
        }
        let credentials = SnippetCredentials(uses, tokenFunction: "connectionToken", literal: Escaping.javascript)
        lines += credentials.query.map { "url.searchParams.append(\($0.name), \($0.value));" }
        let form =
            request.form.map { "[\(Escaping.javascript($0.key)), \(Escaping.javascript($0.value))]" }
            + credentials.form.map { "[\($0.name), \($0.value)]" }
        var headers = credentials.headers.map { "\($0.name): \($0.value)" }
        headers += request.headers.map { "\(Escaping.javascript($0.key)): \(Escaping.javascript($0.value))" }
        // fetch's own Content-Type (text/plain, or the form's with a charset) differs from invoke's: always said.
        if let contentType = request.contentType {
            headers.append("\(Escaping.javascript("Content-Type")): \(Escaping.javascript(contentType))")
        }
        lines.append("")
        lines.append("const response = await fetch(url, {")
        lines.append("  method: \(Escaping.javascript(request.method)),")
        if !headers.isEmpty {
            lines.append("  headers: {")
            lines += headers.map { "    " + $0 + "," }
            lines.append("  },")
        }
        if let body = request.body {
            lines.append("  body: \(Escaping.javascript(Snippet.text(body))),")
        } else if !form.isEmpty {
            lines.append("  body: new URLSearchParams([")
            lines += form.map { "    " + $0 + "," }
            lines.append("  ]),")
        }
        lines.append("  signal: AbortSignal.timeout(40_000),")
        lines.append("});")
        lines.append("console.log(response.status);")
        lines.append("console.log(await response.text());")
        return lines.joined(separator: "\n") + "\n"
    }
}
