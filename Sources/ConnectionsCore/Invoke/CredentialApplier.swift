import Foundation

/// Sends an `OutgoingRequest` as its plan says, with the connection's credentials where the plan puts them (or, for
/// OAuth 1, its signature as the service says).
struct CredentialApplier {
    var service: Service
    var connection: Connection

    /// The request as sent: URL with query, headers, body.
    struct Prepared {
        var url: URL
        var headers: [KeyValue]
        var body: Data?
    }

    /// `withCredentials` false: the same request with nothing of the connection's in it, as sent after a redirect
    /// to another origin.
    func prepare(_ plan: OutgoingRequest, withCredentials: Bool = true) throws -> Prepared {
        var query = plan.query, form = plan.form, headers = plan.headers
        if withCredentials {
            for (use, pair) in try credentialValues(plan) {
                switch use.placement {
                case .header: headers.append(pair)
                case .query: query.append(pair)
                case .form: form.append(pair)
                }
            }
        }
        let full = RequestURL.appendingQuery(plan.wireURL, query)
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else {
            throw InvokeError.invalidURL(plan.url)
        }
        if let contentType = plan.contentType { headers.append(KeyValue("Content-Type", contentType)) }
        var body = plan.body
        if plan.sendsForm, !form.isEmpty { body = Data(FormEncoding.encode(form).utf8) }
        if withCredentials, case .oauth1(let settings) = service.auth {
            // §3.4.1.3.1: a form-encoded body is signed, whoever encoded it.
            let isForm =
                headers.last { $0.key.lowercased() == "content-type" }?.value.lowercased().hasPrefix(OutgoingRequest.formContentType)
                == true
            let signedForm = form.isEmpty && isForm ? FormEncoding.decode(String(decoding: body ?? Data(), as: UTF8.self)) : form
            return try signed(Prepared(url: url, headers: headers, body: body), method: plan.method, form: signedForm, settings: settings)
        }
        return Prepared(url: url, headers: headers, body: body)
    }

    /// Each credential of the plan with what it carries, name and value.
    func credentialValues(_ plan: OutgoingRequest) throws -> [(use: CredentialUse, pair: KeyValue)] {
        try (plan.credentials ?? []).map { use in
            (use: use, pair: KeyValue(use.name, use.prefix + (try use.value(in: connection).exposedValue)))
        }
    }

    /// The headers the plan sends, with the credentials it places in headers (not those in the query or the form).
    func headers(_ plan: OutgoingRequest) throws -> [KeyValue] {
        plan.headers + (try credentialValues(plan)).filter { $0.use.placement == .header }.map(\.pair)
    }

    /// RFC 5849 §3.5: the signature in the header, the query, or (for a form body) the body.
    private func signed(_ prepared: Prepared, method: String, form: [KeyValue], settings: OAuth1Settings) throws -> Prepared {
        guard let token = connection.tokens?.accessToken.exposedValue else {
            throw InvokeError.missingCredential(linkName: connection.linkName, what: "OAuth 1 token")
        }
        let client = try OAuth1Client(service: service, connection: connection)
        let signer = client.signer(token: token, secret: connection.tokens?.tokenSecret?.exposedValue)
        let parameters = signer.sign(method: method, url: prepared.url, formBody: form)
        var result = prepared
        switch settings.placement {
        case .form where !form.isEmpty:
            result.body = Data(FormEncoding.encode(form + parameters).utf8)
        case .query, .form:
            guard let url = URL(string: RequestURL.appendingQuery(prepared.url.absoluteString, parameters)) else {
                throw InvokeError.invalidURL(prepared.url.absoluteString)
            }
            result.url = url
        case .header:
            result.headers.append(KeyValue("Authorization", OAuth1Signer.authorizationHeader(parameters)))
        }
        return result
    }
}
