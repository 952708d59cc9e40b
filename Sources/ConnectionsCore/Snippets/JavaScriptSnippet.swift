/// JavaScript (Node 18+ ES module, `fetch`); credentials come from the `connections token` command at run time.
enum JavaScriptSnippet {
    static func code(_ request: SnippetRequest, linkName: String, uses: [CredentialUse]?) -> String {
        var lines = ["import { execFileSync } from \"node:child_process\";", ""]
        guard let uses else {
            let arguments = Snippet.invokeArguments(request, linkName: linkName).map(Escaping.javascript)
            lines.append("// OAuth 1 signs each request; connections does it for you.")
            lines.append("const output = execFileSync(\"connections\", [\(arguments.joined(separator: ", "))], { encoding: \"utf8\" });")
            lines.append("console.log(output);")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("// The connection's current credential; connections refreshes it when needed.")
        lines.append("const connectionToken = (...options) =>")
        lines.append("  execFileSync(\"connections\", [\"token\", \(Escaping.javascript(linkName)), ...options], { encoding: \"utf8\" }).trim();")
        lines.append("")
        lines.append("const url = new URL(\(Escaping.javascript(request.url)));")
        for parameter in request.queryParameters {
            lines.append("url.searchParams.append(\(Escaping.javascript(parameter.key)), \(Escaping.javascript(parameter.value)));")
        }
        var headers: [String] = []
        var form = request.formParameters.map { "[\(Escaping.javascript($0.key)), \(Escaping.javascript($0.value))]" }
        for use in uses {
            let value = tokenExpression(use)
            switch use.placement {
            case .header: headers.append("\(Escaping.javascript(use.name)): \(value)")
            case .query: lines.append("url.searchParams.append(\(Escaping.javascript(use.name)), \(value));")
            case .form: form.append("[\(Escaping.javascript(use.name)), \(value)]")
            }
        }
        headers += request.headers.map { "\(Escaping.javascript($0.key)): \(Escaping.javascript($0.value))" }
        lines.append("")
        lines.append("const response = await fetch(url, {")
        lines.append("  method: \(Escaping.javascript(request.method.rawValue)),")
        if !headers.isEmpty {
            lines.append("  headers: {")
            lines += headers.map { "    " + $0 + "," }
            lines.append("  },")
        }
        if let body = request.body {
            lines.append("  body: \(Escaping.javascript(body)),")
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

    private static func tokenExpression(_ use: CredentialUse) -> String {
        let call = "connectionToken(" + use.tokenArguments.map(Escaping.javascript).joined(separator: ", ") + ")"
        return use.prefix.isEmpty ? call : "\(Escaping.javascript(use.prefix)) + \(call)"
    }
}
