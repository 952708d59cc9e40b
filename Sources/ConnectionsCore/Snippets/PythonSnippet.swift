/// Python with `requests`; credentials come from the `connections token` command at run time.
enum PythonSnippet {
    static func code(_ request: SnippetRequest, linkName: String, uses: [CredentialUse]?) -> String {
        guard let uses else { return invokeCode(request, linkName: linkName) }
        var lines = ["import subprocess", "", "import requests", ""]
        lines.append("")
        lines.append("def connection_token(*options):")
        lines.append("    \"\"\"The connection's current credential; connections refreshes it when needed.\"\"\"")
        lines.append("    command = [\"connections\", \"token\", \(Escaping.python(linkName)), *options]")
        lines.append("    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()")
        lines.append("")
        lines.append("")
        var query = request.queryParameters.map { "\(Escaping.python($0.key)): \(Escaping.python($0.value))" }
        var headers: [String] = []
        var form = request.formParameters.map { "\(Escaping.python($0.key)): \(Escaping.python($0.value))" }
        for use in uses {
            let value = tokenExpression(use)
            switch use.placement {
            case .header: headers.append("\(Escaping.python(use.name)): \(value)")
            case .query: query.append("\(Escaping.python(use.name)): \(value)")
            case .form: form.append("\(Escaping.python(use.name)): \(value)")
            }
        }
        headers += request.headers.map { "\(Escaping.python($0.key)): \(Escaping.python($0.value))" }
        lines.append("response = requests.request(")
        lines.append("    \(Escaping.python(request.method.rawValue)),")
        lines.append("    \(Escaping.python(request.url)),")
        if !query.isEmpty { lines.append("    params=" + dictionary(query) + ",") }
        if !headers.isEmpty { lines.append("    headers=" + dictionary(headers) + ",") }
        if let body = request.body {
            lines.append("    data=\(Escaping.python(body)).encode(\"utf-8\"),")
        } else if !form.isEmpty {
            lines.append("    data=" + dictionary(form) + ",")
        }
        lines.append("    timeout=40,")
        lines.append(")")
        lines.append("print(response.status_code)")
        lines.append("print(response.text)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func tokenExpression(_ use: CredentialUse) -> String {
        let call = "connection_token(" + use.tokenArguments.map(Escaping.python).joined(separator: ", ") + ")"
        return use.prefix.isEmpty ? call : "\(Escaping.python(use.prefix)) + \(call)"
    }

    private static func dictionary(_ entries: [String]) -> String {
        "{\n" + entries.map { "        " + $0 + ",\n" }.joined() + "    }"
    }

    private static func invokeCode(_ request: SnippetRequest, linkName: String) -> String {
        let arguments = (["connections"] + Snippet.invokeArguments(request, linkName: linkName)).map(Escaping.python)
        return """
            import subprocess

            # OAuth 1 signs each request; connections does it for you.
            result = subprocess.run(
                [\(arguments.joined(separator: ", "))],
                check=True, capture_output=True, text=True,
            )
            print(result.stdout)

            """
    }
}
