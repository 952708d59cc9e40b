import ConnectionsCore

/// The Custom Service form: exactly the service model's fields, changing with the authentication type.
public enum ServiceForm {
    static let authChoices: [AuthType] = [.oauth2, .oauth1, .apiKey, .basic]

    public static func make(auth: AuthType, from service: Service? = nil) -> Form {
        var fields: [Form.Field] = [
            text("name", "Service name", service?.name),
            text("link_name", "Link name", service?.linkName, hint: "a-z first, then a-z 0-9 _; fixed once saved"),
            Form.Field(id: "auth", label: "Authentication", kind: .choice(authChoices.map(\.displayName), selected: authChoices.firstIndex(of: auth) ?? 0)),
            text("api_base", "API base URL", service?.apiBase, hint: "relative request URLs join this"),
            list("parameters", "Parameters", service?.parameters ?? [], hint: "names asked when connecting, usable as {name}"),
            list("api_headers", "Headers on every call", (service?.apiHeaders ?? []).map { "\($0.key)=\($0.value)" }, kind: .pair),
        ]
        switch auth {
        case .oauth2: fields += oauth2Fields(service?.auth.oauth2 ?? OAuth2Settings())
        case .oauth1: fields += oauth1Fields(service?.auth.oauth1 ?? OAuth1Settings())
        case .apiKey: fields += apiKeyFields(service?.auth.apiKeyFields ?? [])
        case .basic: fields.append(Form.Field(id: "basic_note", label: "Credentials", kind: .info("username and password are asked when connecting")))
        }
        fields.append(Form.Field(id: "save", label: "Save", kind: .button))
        fields.append(Form.Field(id: "save_and_connect", label: "Save and create connection", kind: .button))
        return Form(fields: fields)
    }

    static func text(_ id: String, _ label: String, _ value: String?, secret: Bool = false, hint: String? = nil) -> Form.Field {
        Form.Field(id: id, label: label, kind: .text(TextField(value ?? "", secret: secret)), hint: hint)
    }

    static func list(_ id: String, _ label: String, _ items: [String], kind: ListEditor.ItemKind = .word, hint: String? = nil) -> Form.Field {
        Form.Field(id: id, label: label, kind: .list(ListEditor(items: items, kind: kind)), hint: hint)
    }

    static func pairList(_ id: String, _ label: String, _ pairs: [KeyValue]) -> Form.Field {
        list(id, label, pairs.map { "\($0.key)=\($0.value)" }, kind: .pair)
    }

    static func choice<T: RawRepresentable & CaseIterable & Equatable>(_ id: String, _ label: String, _ value: T) -> Form.Field where T.RawValue == String {
        let all = Array(T.allCases)
        return Form.Field(id: id, label: label, kind: .choice(all.map(\.rawValue), selected: all.firstIndex(of: value) ?? 0))
    }

    static func oauth2Fields(_ settings: OAuth2Settings) -> [Form.Field] {
        [
            choice("oauth2.grant", "Grant type", settings.grant),
            text("oauth2.client_id", "Client ID", settings.clientID),
            text("oauth2.client_secret", "Client secret", settings.clientSecret?.exposedValue, secret: true, hint: "ctrl+r reveals"),
            text("oauth2.authorize_url", "Authorize URL", settings.authorizeURL),
            text("oauth2.token_url", "Access token URL", settings.tokenURL),
            text("oauth2.refresh_url", "Refresh token URL", settings.refreshURL, hint: "empty: the access token URL"),
            text("oauth2.revoke_url", "Revoke URL", settings.revokeURL),
            text("oauth2.device_authorization_url", "Device authorization URL", settings.deviceAuthorizationURL),
            list("oauth2.scopes", "Scopes", settings.scopes),
            choice("oauth2.scope_delimiter", "Scope delimiter", settings.scopeDelimiter),
            choice("oauth2.token_placement", "Token goes in", settings.tokenPlacement),
            choice("oauth2.client_auth", "Client authentication", settings.clientAuth),
            Form.Field(id: "oauth2.pkce", label: "PKCE (S256)", kind: .toggle(settings.pkce)),
            pairList("oauth2.authorize_params", "Extra authorize parameters", settings.authorizeParams),
            pairList("oauth2.token_params", "Extra token parameters", settings.tokenParams),
            pairList("oauth2.refresh_params", "Extra refresh parameters", settings.refreshParams),
            text("oauth2.redirect_port", "Redirect port", settings.redirectPort.map(String.init), hint: "empty: \(OAuth2Settings.defaultRedirectPort); 0: any free port"),
            Form.Field(id: "redirect_uri", label: "Redirect URI to register", kind: .info(settings.redirectURI), hint: "y copies it"),
        ]
    }

    static func oauth1Fields(_ settings: OAuth1Settings) -> [Form.Field] {
        [
            text("oauth1.consumer_key", "Consumer key", settings.consumerKey),
            text("oauth1.consumer_secret", "Consumer secret", settings.consumerSecret?.exposedValue, secret: true, hint: "ctrl+r reveals"),
            text("oauth1.request_token_url", "Request token URL", settings.requestTokenURL),
            text("oauth1.authorize_url", "Authorize URL", settings.authorizeURL),
            text("oauth1.access_token_url", "Access token URL", settings.accessTokenURL),
            choice("oauth1.signature_method", "Signature method", settings.signatureMethod),
            choice("oauth1.placement", "Parameters go in", settings.placement),
            pairList("oauth1.authorize_params", "Extra authorize parameters", settings.authorizeParams),
        ]
    }

    /// One group of fields per key, and always one empty group more: typing into it adds the next.
    static func apiKeyFields(_ rows: [APIKeyField]) -> [Form.Field] {
        (0...rows.count).flatMap { index in apiKeyRow(index, rows.indices.contains(index) ? rows[index] : nil) }
    }

    static func apiKeyRow(_ index: Int, _ row: APIKeyField?) -> [Form.Field] {
        [
            text("api_key[\(index)].key", "Key \(index + 1): parameter", row?.key, hint: index == 0 ? "e.g. api-key; an empty row is skipped" : nil),
            text("api_key[\(index)].label", "Key \(index + 1): display name", row?.label, hint: "asked when connecting"),
            choice("api_key[\(index)].placement", "Key \(index + 1): goes in", row?.placement ?? .header),
            text("api_key[\(index)].prefix", "Key \(index + 1): prefix", row?.prefix, hint: "before the value, e.g. \"Bearer \"; usually empty"),
        ]
    }

    static func apiKeyRowCount(_ form: Form) -> Int {
        var count = 0
        while form.index(of: "api_key[\(count)].key") != nil { count += 1 }
        return count
    }

    /// Adds an empty key group once the last one has a parameter name.
    static func growAPIKeyRows(_ form: inout Form) {
        let count = apiKeyRowCount(form)
        guard count > 0, !form.value("api_key[\(count - 1)].key").isEmpty,
              let last = form.index(of: "api_key[\(count - 1)].prefix") else { return }
        form.fields.insert(contentsOf: apiKeyRow(count, nil), at: last + 1)
    }

    static func pairs(_ text: String) -> [KeyValue] {
        pairs(text.split(separator: "&").map(String.init))
    }

    static func pairs(_ items: [String]) -> [KeyValue] {
        items.compactMap { part in
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            return pieces.first.map { KeyValue($0, pieces.count > 1 ? pieces[1] : "") }
        }
    }

    public static func authType(of form: Form) -> AuthType {
        guard let field = form.fields.first(where: { $0.id == "auth" }), case .choice(_, let selected) = field.kind else { return .oauth2 }
        return authChoices[selected]
    }

    /// Rebuilds the form for a new authentication type, keeping every value typed so far.
    public static func rebuild(_ form: Form) -> Form {
        let auth = authType(of: form)
        // Key groups typed before switching away come back with it.
        var rebuilt = make(auth: auth, from: auth == .apiKey ? service(from: form) : nil)
        for index in rebuilt.fields.indices {
            guard let old = form.fields.first(where: { $0.id == rebuilt.fields[index].id }) else { continue }
            if case .info = rebuilt.fields[index].kind { continue }
            rebuilt.fields[index].kind = old.kind
        }
        rebuilt.focus = rebuilt.index(of: "auth") ?? 0
        return rebuilt
    }

    /// The service the form describes; `ServiceValidator` says what is wrong with it. `base`, the service being
    /// edited, supplies what the form does not show (token fields, after-connect lookups, notes, token format…).
    public static func service(from form: Form, base: Service? = nil) -> Service {
        let value = form.value
        func choice<T: RawRepresentable & CaseIterable>(_ id: String, _ fallback: T) -> T where T.RawValue == String {
            T(rawValue: value(id)) ?? fallback
        }
        func secret(_ id: String) -> Secret? { value(id).isEmpty ? nil : Secret(value(id)) }
        let auth: AuthScheme
        switch authType(of: form) {
        case .oauth2:
            var settings = base?.auth.oauth2 ?? OAuth2Settings()
            let previousPlacement = settings.tokenPlacement
            settings.grant = choice("oauth2.grant", .authorizationCode)
            settings.clientID = value("oauth2.client_id").trimmingCharacters(in: .whitespaces)
            settings.clientSecret = secret("oauth2.client_secret")
            settings.authorizeURL = value("oauth2.authorize_url")
            settings.tokenURL = value("oauth2.token_url")
            settings.refreshURL = value("oauth2.refresh_url")
            settings.revokeURL = value("oauth2.revoke_url")
            settings.deviceAuthorizationURL = value("oauth2.device_authorization_url")
            settings.scopes = form.items("oauth2.scopes")
            settings.scopeDelimiter = choice("oauth2.scope_delimiter", .space)
            settings.tokenPlacement = choice("oauth2.token_placement", .header)
            if settings.tokenPlacement != previousPlacement || base?.auth.oauth2 == nil {
                settings.tokenParameter = settings.tokenPlacement == .query ? "access_token" : "Authorization"
                settings.tokenPrefix = settings.tokenPlacement == .query ? "" : "Bearer"
            }
            settings.clientAuth = choice("oauth2.client_auth", .body)
            settings.pkce = value("oauth2.pkce") != "false"
            settings.authorizeParams = pairs(form.items("oauth2.authorize_params"))
            settings.tokenParams = pairs(form.items("oauth2.token_params"))
            settings.refreshParams = pairs(form.items("oauth2.refresh_params"))
            settings.redirectPort = Int(value("oauth2.redirect_port").trimmingCharacters(in: .whitespaces))
            auth = .oauth2(settings)
        case .oauth1:
            var settings = base?.auth.oauth1 ?? OAuth1Settings()
            settings.consumerKey = value("oauth1.consumer_key").trimmingCharacters(in: .whitespaces)
            settings.consumerSecret = secret("oauth1.consumer_secret")
            settings.requestTokenURL = value("oauth1.request_token_url")
            settings.authorizeURL = value("oauth1.authorize_url")
            settings.accessTokenURL = value("oauth1.access_token_url")
            settings.signatureMethod = choice("oauth1.signature_method", .hmacSHA1)
            settings.placement = choice("oauth1.placement", .header)
            settings.authorizeParams = pairs(form.items("oauth1.authorize_params"))
            auth = .oauth1(settings)
        case .apiKey:
            auth = .apiKey((0..<apiKeyRowCount(form)).compactMap { index in
                let key = value("api_key[\(index)].key"), label = value("api_key[\(index)].label")
                if key.isEmpty && label.isEmpty { return nil }
                return APIKeyField(key: key, label: label, placement: choice("api_key[\(index)].placement", .header), prefix: value("api_key[\(index)].prefix"))
            })
        case .basic:
            auth = .basic
        }
        var service = Service(
            name: value("name").trimmingCharacters(in: .whitespaces), linkName: value("link_name").trimmingCharacters(in: .whitespaces),
            auth: auth, apiBase: value("api_base").trimmingCharacters(in: .whitespaces),
            parameters: form.items("parameters"), tokenFields: base?.tokenFields ?? [], apiHeaders: pairs(form.items("api_headers")),
            notes: base?.notes ?? "")
        service.afterConnect = base?.afterConnect ?? []
        service.allowedHosts = base?.allowedHosts ?? []
        return service
    }
}
