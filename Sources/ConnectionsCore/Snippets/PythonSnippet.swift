/// Python with `requests`; credentials come from the `connections token` command at run time.
enum PythonSnippet {
    static func code(_ request: OutgoingRequest, linkName: String, uses: [CredentialUse]) -> String {
        var lines = ["import subprocess", "", "import requests", ""]
        lines.append("")
        lines.append("def connection_token(*options):")
        lines.append("    \"\"\"The connection's current credential; connections refreshes it when needed.\"\"\"")
        lines.append("    command = [\"connections\", \"token\", \(Escaping.python(linkName)), *options]")
        lines.append("    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()")
        lines.append("")
        lines.append("")
        // Lists of pairs, not dictionaries: a name may repeat.
        let credentials = SnippetCredentials(uses, tokenFunction: "connection_token", literal: Escaping.python)
        let query = (request.query.map(literals) + credentials.query).map { "(\($0.name), \($0.value))" }
        let form = (request.form.map(literals) + credentials.form).map { "(\($0.name), \($0.value))" }
        var headers = credentials.headers.map { "\($0.name): \($0.value)" }
        headers += request.headers.map { "\(Escaping.python($0.key)): \(Escaping.python($0.value))" }
        // requests gives a form its own Content-Type, and a body none: any other is said.
        if let contentType = request.contentType, contentType != OutgoingRequest.formContentType {
            headers.append("\(Escaping.python("Content-Type")): \(Escaping.python(contentType))")
        }
        lines.append("response = requests.request(")
        lines.append("    \(Escaping.python(request.method)),")
        lines.append("    \(Escaping.python(request.wireURL)),")
        if !query.isEmpty { lines.append("    params=" + collection("[", query, "]") + ",") }
        if !headers.isEmpty { lines.append("    headers=" + collection("{", headers, "}") + ",") }
        if let body = request.body {
            lines.append("    data=\(Escaping.python(Snippet.text(body))).encode(\"utf-8\"),")
        } else if !form.isEmpty {
            lines.append("    data=" + collection("[", form, "]") + ",")
        }
        lines.append("    timeout=40,")
        lines.append(")")
        lines.append("print(response.status_code)")
        lines.append("print(response.text)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A name and value as Python string literals.
    private static func literals(_ pair: KeyValue) -> SnippetCredentials.Entry {
        (Escaping.python(pair.key), Escaping.python(pair.value))
    }

    private static func collection(_ open: String, _ entries: [String], _ close: String) -> String {
        open + "\n" + entries.map { "        " + $0 + ",\n" }.joined() + "    " + close
    }

    static func invokeCode(_ invokeArguments: [String]) -> String {
        let arguments = (["connections"] + invokeArguments).map(Escaping.python)
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
