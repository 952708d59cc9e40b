import Foundation

/// Every field of a service, once, in file order. The strict reader, the exporter, the Custom Service form and
/// the validator's URL, port and pair rules all derive from this list; a new field is one entry here.
/// (The auth type, API key rows and after-connect lookups are structures of their own and are handled beside it.)
public enum ServiceFields {
    public static let all: [ServiceField] = common + oauth2 + oauth1

    public static func fields(in section: ServiceField.Section) -> [ServiceField] { all.filter { $0.section == section } }

    /// The fields whose values are stored encrypted and never shown, exported or logged.
    public static let secretFields = all.filter { $0.kind == .secret }

    public static func field(_ key: String) -> ServiceField? { all.first { $0.key == key } }

    /// The section whose fields an auth type shows, if it has one.
    public static func section(for type: AuthType) -> ServiceField.Section? {
        switch type {
        case .oauth2: .oauth2
        case .oauth1: .oauth1
        case .apiKey, .basic: nil
        }
    }

    static let common: [ServiceField] = [
        top("name", "Service name", nil, \.name, .text, required: true),
        top("link_name", "Link name", "a-z first, then a-z 0-9 _; fixed once saved", \.linkName, .text, required: true),
        top("api_base", "API base URL", "relative request URLs join this", \.apiBase, .url),
        top("parameters", "Parameters", "names asked when connecting, usable as {name}", \.parameters, .words),
        top("token_fields", "Token fields", "token response fields kept, usable as {name}", \.tokenFields, .words, inForm: false),
        top(
            "callback_fields", "Callback fields", "sign-in redirect fields kept, usable as {name}", \.callbackFields, .words,
            inForm: false),
        top("api_headers", "Headers on every call", nil, \.apiHeaders, .pairs),
        top(
            "allowed_hosts", "Other hosts for credentials", "besides the API base: host, *.domain, https://host:port", \.allowedHosts,
            .words),
        top("notes", "Notes", nil, \.notes, .text, inForm: false),
        top("register_url", "Where to register an app", nil, \.registerURL, .url, inForm: false),
        top("categories", "Categories", nil, \.categories, .words, inForm: false),
        top(
            "refresh_token_idle_days", "Refresh token dies unused after (days)", "as the provider documents it",
            \.refreshTokenIdleDays, .days, inForm: false),
        top(
            "git_username", "Git user name", "what the git credential helper gives as user name with the token (default oauth2)",
            \.gitUsername, .text, inForm: false),
        top(
            "mcp_endpoint", "MCP endpoint", "the MCP server's URL, for `connections mcp` and MCP clients", \.mcpEndpoint, .url,
            inForm: false),
    ]

    static let oauth2: [ServiceField] = [
        o2("grant", "Grant type", nil, \.grant, .choice, always: true),
        o2("client_id", "Client ID", nil, \.clientID, .text, always: true),
        o2("client_secret", "Client secret", nil, \.clientSecret, .secret),
        o2("authorize_url", "Authorize URL", nil, \.authorizeURL, .url, required: { $0.auth.oauth2?.grant == .authorizationCode }),
        o2("token_url", "Access token URL", nil, \.tokenURL, .url, always: true, required: { _ in true }),
        o2("refresh_url", "Refresh token URL", "empty: the access token URL", \.refreshURL, .url),
        o2("revoke_url", "Revoke URL", nil, \.revokeURL, .url),
        o2(
            "device_authorization_url", "Device authorization URL", nil, \.deviceAuthorizationURL, .url,
            required: { $0.auth.oauth2?.grant == .deviceCode }),
        o2("scopes", "Scopes", nil, \.scopes, .words, always: true),
        o2("resource", "Resource (RFC 8707)", "the API the tokens are for; sent when signing in and refreshing", \.resource, .optionalURL),
        o2("issuer", "Issuer", "the authorization server's issuer (RFC 8414)", \.issuer, .optionalURL),
        o2("jwks_url", "Signing keys (JWKS) URL", "OpenID Connect: checks the ID token", \.jwksURL, .optionalURL, inForm: false),
        o2("issuer_in_responses", "Issuer in responses (RFC 9207)", nil, \.issuerInResponses, .optionalToggle, inForm: false),
        o2("registration_endpoint", "Registration endpoint", nil, \.registrationEndpoint, .optionalURL, inForm: false),
        o2("registration_client_uri", "Registration management URI", nil, \.registrationClientURI, .optionalURL, inForm: false),
        o2("registration_access_token", "Registration access token", nil, \.registrationAccessToken, .secret, inForm: false),
        o2("scope_delimiter", "Scope delimiter", nil, \.scopeDelimiter, .choice, always: true),
        o2("token_placement", "Token goes in", nil, \.tokenPlacement, .choice, always: true),
        o2(
            "token_parameter", "Token header or parameter", nil, \.tokenParameter, .text, inForm: false, always: true,
            dependsOn: "token_placement", derived: { .text($0.auth.oauth2?.tokenPlacement == .query ? "access_token" : "Authorization") }),
        o2(
            "token_prefix", "Token prefix", nil, \.tokenPrefix, .text, inForm: false, always: true,
            dependsOn: "token_placement", derived: { .text($0.auth.oauth2?.tokenPlacement == .query ? "" : "Bearer") }),
        o2("client_auth", "Client authentication", nil, \.clientAuth, .choice, always: true),
        o2("pkce", "PKCE (S256)", nil, \.pkce, .toggle, always: true),
        o2("token_request_format", "Token request format", nil, \.tokenRequestFormat, .choice, inForm: false, always: true),
        o2("authorize_params", "Extra authorize parameters", nil, \.authorizeParams, .pairs, always: true),
        o2("token_params", "Extra token parameters", nil, \.tokenParams, .pairs, always: true),
        o2("refresh_params", "Extra refresh parameters", nil, \.refreshParams, .pairs, always: true),
        o2("redirect_port", "Redirect port", "empty: \(OAuth2Settings.defaultRedirectPort); 0: any free port", \.redirectPort, .port),
    ]

    static let oauth1: [ServiceField] = [
        o1("consumer_key", "Consumer key", nil, \.consumerKey, .text),
        o1("consumer_secret", "Consumer secret", nil, \.consumerSecret, .secret),
        o1("request_token_url", "Request token URL", nil, \.requestTokenURL, .url, required: true),
        o1("authorize_url", "Authorize URL", nil, \.authorizeURL, .url, required: true),
        o1("access_token_url", "Access token URL", nil, \.accessTokenURL, .url, required: true),
        o1("signature_method", "Signature method", nil, \.signatureMethod, .choice),
        o1("placement", "Parameters go in", nil, \.placement, .choice),
        o1("authorize_params", "Extra authorize parameters", nil, \.authorizeParams, .pairs),
        o1("redirect_port", "Redirect port", "empty: \(OAuth2Settings.defaultRedirectPort); 0: any free port", \.redirectPort, .port),
    ]

    // MARK: Building entries

    private static func top<V>(
        _ name: String, _ label: String, _ help: String?, _ path: WritableKeyPath<Service, V> & Sendable, _ codec: FieldCodec<V>,
        required: Bool = false, inForm: Bool = true
    ) -> ServiceField {
        ServiceField(
            name: name, section: .common, label: label, help: help, kind: codec.kind, inForm: inForm, requiredInFile: required,
            exportedWhenEmpty: required, isRequired: { _ in required }, derivedDefault: nil, dependsOn: nil,
            get: { codec.encode($0[keyPath: path]) }, write: { $0[keyPath: path] = codec.decode($1) })
    }

    private static func o2<V>(
        _ name: String, _ label: String, _ help: String?, _ path: WritableKeyPath<OAuth2Settings, V> & Sendable, _ codec: FieldCodec<V>,
        inForm: Bool = true, always: Bool = false, required: @escaping @Sendable (Service) -> Bool = { _ in false },
        dependsOn: String? = nil, derived: (@Sendable (Service) -> ServiceField.Value)? = nil
    ) -> ServiceField {
        ServiceField(
            name: name, section: .oauth2, label: label, help: help, kind: codec.kind, inForm: inForm, requiredInFile: false,
            exportedWhenEmpty: always, isRequired: required, derivedDefault: derived, dependsOn: dependsOn.map { "oauth2." + $0 },
            get: { codec.encode(($0.auth.oauth2 ?? OAuth2Settings())[keyPath: path]) },
            write: { service, value in
                guard case .oauth2(var settings) = service.auth else { return }
                settings[keyPath: path] = codec.decode(value)
                service.auth = .oauth2(settings)
            })
    }

    private static func o1<V>(
        _ name: String, _ label: String, _ help: String?, _ path: WritableKeyPath<OAuth1Settings, V> & Sendable, _ codec: FieldCodec<V>,
        required: Bool = false
    ) -> ServiceField {
        ServiceField(
            name: name, section: .oauth1, label: label, help: help, kind: codec.kind, inForm: true, requiredInFile: false,
            exportedWhenEmpty: codec.kind != .secret && codec.kind != .port, isRequired: { _ in required }, derivedDefault: nil,
            dependsOn: nil, get: { codec.encode(($0.auth.oauth1 ?? OAuth1Settings())[keyPath: path]) },
            write: { service, value in
                guard case .oauth1(var settings) = service.auth else { return }
                settings[keyPath: path] = codec.decode(value)
                service.auth = .oauth1(settings)
            })
    }
}
