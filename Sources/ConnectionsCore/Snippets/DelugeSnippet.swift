/// Deluge `invokeurl`, as the original shows it on a connection's page.
enum DelugeSnippet {
    static func code(_ request: OutgoingRequest, linkName: String) -> String {
        var lines: [String] = []
        // A body leaves no room for parameters in a map: they are in the URL, as `invoke` sends them.
        let url = request.body == nil ? request.wireURL : RequestURL.appendingQuery(request.wireURL, request.query)
        let mapParameters = request.body == nil ? request.query + request.form : []
        var headers = request.headers
        if request.body != nil, let contentType = request.contentType { headers.append(KeyValue("Content-Type", contentType)) }
        if !mapParameters.isEmpty {
            lines.append("params = Map();")
            lines += mapParameters.map { "params.put(\(Escaping.deluge($0.key)), \(Escaping.deluge($0.value)));" }
        }
        if !headers.isEmpty {
            lines.append("headers = Map();")
            lines += headers.map { "headers.put(\(Escaping.deluge($0.key)), \(Escaping.deluge($0.value)));" }
        }
        lines.append("response = invokeurl")
        lines.append("[")
        lines.append("\turl: \(Escaping.deluge(url))")
        lines.append("\ttype: \(request.method)")
        if !mapParameters.isEmpty { lines.append("\tparameters: params") }
        if !headers.isEmpty { lines.append("\theaders: headers") }
        if let body = request.body { lines.append("\tbody: \(Escaping.deluge(Snippet.text(body)))") }
        lines.append("\tconnection: \(Escaping.deluge(linkName))")
        lines.append("];")
        lines.append("info response;")
        return lines.joined(separator: "\n") + "\n"
    }
}
