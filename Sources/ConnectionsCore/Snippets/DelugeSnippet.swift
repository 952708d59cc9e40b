/// Deluge `invokeurl`, as the original shows it on a connection's page.
enum DelugeSnippet {
    static func code(_ request: SnippetRequest, linkName: String) -> String {
        var lines: [String] = []
        // A body leaves no room for form parameters: they join the URL instead, as `invoke` does.
        let url = request.body == nil ? request.url : RequestURL.appendingQuery(request.url, request.queryParameters)
        let mapParameters = request.body == nil ? request.parameters : []
        if !mapParameters.isEmpty {
            lines.append("params = Map();")
            lines += mapParameters.map { "params.put(\(Escaping.deluge($0.key)), \(Escaping.deluge($0.value)));" }
        }
        if !request.headers.isEmpty {
            lines.append("headers = Map();")
            lines += request.headers.map { "headers.put(\(Escaping.deluge($0.key)), \(Escaping.deluge($0.value)));" }
        }
        lines.append("response = invokeurl")
        lines.append("[")
        lines.append("\turl: \(Escaping.deluge(url))")
        lines.append("\ttype: \(request.method.rawValue)")
        if !mapParameters.isEmpty { lines.append("\tparameters: params") }
        if !request.headers.isEmpty { lines.append("\theaders: headers") }
        if let body = request.body { lines.append("\tbody: \(Escaping.deluge(body))") }
        lines.append("\tconnection: \(Escaping.deluge(linkName))")
        lines.append("];")
        lines.append("info response;")
        return lines.joined(separator: "\n") + "\n"
    }
}
