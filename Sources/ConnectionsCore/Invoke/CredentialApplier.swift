import Foundation

/// Puts a connection's credentials into a request as its service says: an OAuth 2 bearer token in a header or the
/// query, an OAuth 1 signature, API key rows (header, query or form), or Basic.
struct CredentialApplier {
    var service: Service
    var connection: Connection

    /// The request as sent: URL with query, headers, body.
    struct Prepared {
        var url: URL
        var headers: [KeyValue]
        var body: Data?
    }

    /// `formBody`: whether the request's parameters travel form-encoded in the body (POST/PUT/PATCH without a body).
    /// `withCredentials` false: the same request with nothing of the connection's in it, as sent after a redirect
    /// to another origin.
    func prepare(
        method: String, url urlText: String, query: [KeyValue], form: [KeyValue], formBody: Bool, headers: [KeyValue], body: Data?,
        withCredentials: Bool = true
    ) throws -> Prepared {
        var query = query, form = form, headers = headers
        let link = connection.linkName
        if withCredentials {
            switch service.auth {
            case .oauth2(let settings):
                guard let token = connection.tokens?.accessToken.exposedValue else { throw InvokeError.missingCredential(linkName: link, what: "access token") }
                if settings.tokenPlacement == .header {
                    headers.append(KeyValue(settings.tokenParameter, settings.tokenPrefix.isEmpty ? token : settings.tokenPrefix + " " + token))
                } else {
                    query.append(KeyValue(settings.tokenParameter, token))
                }
            case .apiKey(let fields):
                for field in fields {
                    guard let value = connection.credentials[field.key]?.exposedValue else { throw InvokeError.missingCredential(linkName: link, what: field.label) }
                    let pair = KeyValue(field.key, field.prefix + value)
                    switch field.placement {
                    case .header: headers.append(pair)
                    case .query: query.append(pair)
                    case .form:
                        if formBody { form.append(pair) } else { query.append(pair) }
                    }
                }
            case .basic:
                guard let user = connection.credentials["username"]?.exposedValue, let password = connection.credentials["password"]?.exposedValue else {
                    throw InvokeError.missingCredential(linkName: link, what: "username and password")
                }
                headers.append(KeyValue("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()))
            case .oauth1:
                break
            }
        }
        let full = RequestURL.appendingQuery(RequestURL.wireForm(urlText), query)
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw InvokeError.invalidURL(urlText)
        }
        var sentBody = body
        if !form.isEmpty {
            sentBody = Data(FormEncoding.encode(form).utf8)
            headers.append(KeyValue("Content-Type", "application/x-www-form-urlencoded"))
        } else if let body, !headers.contains(where: { $0.key.lowercased() == "content-type" }) {
            headers.append(KeyValue("Content-Type", Self.contentType(guessedFrom: body)))
        }
        if withCredentials, case .oauth1(let settings) = service.auth {
            // §3.4.1.3.1: a form-encoded body is signed, whoever encoded it.
            let isForm = headers.last { $0.key.lowercased() == "content-type" }?.value.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
            let signedForm = form.isEmpty && isForm ? OAuth1Signer.formDecode(String(decoding: sentBody ?? Data(), as: UTF8.self)) : form
            return try signed(Prepared(url: url, headers: headers, body: sentBody), method: method, form: signedForm, settings: settings)
        }
        return Prepared(url: url, headers: headers, body: sentBody)
    }

    /// A body given without a Content-Type: JSON when it parses as JSON, text when it is UTF-8, bytes otherwise
    /// (never the form encoding HTTP libraries assume, which would misdescribe it).
    static func contentType(guessedFrom body: Data) -> String {
        if (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil, body.first.map({ $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) == true {
            return "application/json"
        }
        return String(data: body, encoding: .utf8) != nil ? "text/plain; charset=utf-8" : "application/octet-stream"
    }

    /// RFC 5849 §3.5: the signature in the header, the query, or (for a form body) the body.
    private func signed(_ prepared: Prepared, method: String, form: [KeyValue], settings: OAuth1Settings) throws -> Prepared {
        guard let token = connection.tokens?.accessToken.exposedValue else { throw InvokeError.missingCredential(linkName: connection.linkName, what: "OAuth 1 token") }
        let client = try OAuth1Client(service: service, connection: connection)
        let signer = client.signer(token: token, secret: connection.tokens?.tokenSecret?.exposedValue)
        let parameters = signer.sign(method: method, url: prepared.url, formBody: form)
        var result = prepared
        switch settings.placement {
        case .form where !form.isEmpty:
            result.body = Data(FormEncoding.encode(form + parameters).utf8)
        case .query, .form:
            guard let url = URL(string: RequestURL.appendingQuery(prepared.url.absoluteString, parameters)) else { throw InvokeError.invalidURL(prepared.url.absoluteString) }
            result.url = url
        case .header:
            result.headers.append(KeyValue("Authorization", OAuth1Signer.authorizationHeader(parameters)))
        }
        return result
    }
}
