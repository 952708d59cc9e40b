import Foundation

/// Every rule a service must satisfy before it is stored, with messages a user can act on.
public enum ServiceValidator {
    public static func errors(in service: Service) -> [FieldError] {
        var errors: [FieldError] = []
        func check(_ field: String, _ problem: String?) {
            if let problem { errors.append(FieldError(field, problem)) }
        }
        check("name", NameRules.nameProblem(service.name, kind: "Service"))
        check("link_name", NameRules.linkNameProblem(service.linkName))
        let parameters = Set(service.parameters)
        for (index, parameter) in service.parameters.enumerated() {
            if let problem = NameRules.linkNameProblem(parameter) {
                errors.append(
                    FieldError(
                        "parameters[\(index)]",
                        "Parameter '\(parameter)': " + problem.replacingOccurrences(of: "Link name", with: "its name")))
            }
        }
        if parameters.count != service.parameters.count { errors.append(FieldError("parameters", "Parameters must not repeat.")) }
        for section in [ServiceField.Section.common] + (ServiceFields.section(for: service.auth.type).map { [$0] } ?? []) {
            errors += fieldRuleErrors(
                service, section: section, known: section == .common ? parameters.union(service.providerFields) : parameters)
        }
        for (index, header) in service.apiHeaders.enumerated() where !header.key.isEmpty && !HTTPClient.isValid(header) {
            errors.append(
                FieldError(
                    "api_headers[\(index)]",
                    "Header '\(TerminalText.safe(header.key, limit: 40))': names are letters, digits and !#$%&'*+-.^_`|~, and values "
                        + "cannot hold line breaks or control characters."
                ))
        }
        if service.allowedHosts.isEmpty, let name = URLTemplate(service.apiBase).placeholders.first(where: { $0.position == .url })?.name {
            check(
                "api_base",
                "API base URL starts with {\(name)}, a whole URL: list the hosts it may name under allowed_hosts (e.g. *.example.com), so "
                    + "that no value can send the credentials elsewhere.")
        }
        for (index, entry) in service.allowedHosts.enumerated() {
            check("allowed_hosts[\(index)]", CredentialScope.problem(entry, known: parameters.union(service.providerFields)))
        }
        for (index, lookup) in service.afterConnect.enumerated() {
            check(
                "after_connect[\(index)].url", URLRules.problem(lookup.url, label: "After-connect URL", required: true, known: parameters))
            if lookup.fields.isEmpty {
                check("after_connect[\(index)].fields", "An after-connect lookup needs fields: {token_field: json_key}.")
            }
            for field in lookup.fields where !service.tokenFields.contains(field.key) {
                check(
                    "after_connect[\(index)].fields",
                    "'\(field.key)' must also be listed in token_fields, so that it is kept and usable as {\(field.key)}.")
            }
        }
        if let whoami = service.whoami, !whoami.url.hasPrefix("/") {
            check(
                "whoami.url",
                URLRules.problem(whoami.url, label: "Whoami URL", required: true, known: parameters.union(service.tokenFields)))
        }
        switch service.auth {
        case .oauth2(let settings):
            // A discovered service whose server offered no registration may leave the client to each connection, as
            // the catalog does.
            let clientPerConnection = service.origin == .catalog || (settings.issuer != nil && settings.clientID.isEmpty)
            errors += oauth2Errors(settings, ownCredentials: !clientPerConnection)
        case .oauth1(let settings): errors += oauth1Errors(settings, ownCredentials: service.origin == .custom)
        case .apiKey(let fields): errors += apiKeyErrors(fields)
        case .basic: break
        }
        return errors
    }

    public static func validate(_ service: Service) throws(ValidationFailure) {
        let found = errors(in: service)
        if !found.isEmpty { throw ValidationFailure(found) }
    }

    /// `ownCredentials` is false for catalog services: each connection brings its own client there.
    static func oauth2Errors(_ settings: OAuth2Settings, ownCredentials: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        func check(_ field: String, _ problem: String?) {
            if let problem { errors.append(FieldError("oauth2." + field, problem)) }
        }
        if ownCredentials, settings.clientID.trimmingCharacters(in: .whitespaces).isEmpty {
            check("client_id", "Client ID is required; copy it from the provider's developer console.")
        }
        check("client_id", ClientIDRules.problem(settings.clientID).map { "Client ID \($0)." })
        if ownCredentials, settings.grant == .clientCredentials, settings.clientSecret?.isEmpty ?? true {
            check("client_secret", "Client secret is required for the client credentials grant.")
        }
        if ownCredentials, settings.clientAuth == .basic, settings.clientSecret?.isEmpty ?? true {
            check("client_auth", "HTTP Basic client authentication needs a client secret; use 'body' for a public client.")
        }
        var seen = Set<String>()
        for (index, scope) in settings.scopes.enumerated() {
            if scope.isEmpty {
                check("scopes[\(index)]", "Scope \(index + 1) is empty.")
            } else if scope.contains(settings.scopeDelimiter.separator) {
                check(
                    "scopes[\(index)]",
                    "Scope '\(scope)' contains the delimiter (\(settings.scopeDelimiter.rawValue)); enter scopes one by one.")
            } else if scope.contains(where: { $0.isWhitespace }) {
                check("scopes[\(index)]", "Scope '\(scope)' contains white space.")
            } else if !seen.insert(scope).inserted {
                check("scopes[\(index)]", "Scope '\(scope)' is listed twice.")
            }
        }
        if settings.tokenParameter.trimmingCharacters(in: .whitespaces).isEmpty {
            check(
                "token_parameter",
                settings.tokenPlacement == .header
                    ? "Header name for the token is required." : "Query parameter name for the token is required.")
        }
        return errors
    }

    static func oauth1Errors(_ settings: OAuth1Settings, ownCredentials: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        func check(_ field: String, _ problem: String?) {
            if let problem { errors.append(FieldError("oauth1." + field, problem)) }
        }
        if ownCredentials, settings.consumerKey.trimmingCharacters(in: .whitespaces).isEmpty {
            check("consumer_key", "Consumer key is required; copy it from the provider's developer console.")
        }
        if ownCredentials, settings.consumerSecret?.isEmpty ?? true {
            check("consumer_secret", "Consumer secret is required.")
        }
        return errors
    }

    /// The rules that follow from a field's kind in the table: URLs, ports, key=value rows.
    static func fieldRuleErrors(_ service: Service, section: ServiceField.Section, known: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ServiceFields.fields(in: section) {
            let value = field.value(in: service)
            switch field.kind {
            case .url:
                if let problem = URLRules.problem(value.text, label: field.label, required: field.isRequired(service), known: known) {
                    errors.append(FieldError(field.key, problem))
                }
            case .port:
                if !value.text.isEmpty, !(Int(value.text).map { (0...65535).contains($0) } ?? false) {
                    errors.append(FieldError(field.key, "\(field.label) must be between 1 and 65535, or 0 for any free port."))
                }
            case .days:
                if !value.text.isEmpty, !(Int(value.text).map { (1...3650).contains($0) } ?? false) {
                    errors.append(FieldError(field.key, "\(field.label) must be a whole number of days from 1 to 3650."))
                }
            case .pairs: errors += keyValueErrors(value.keyValues, field: field.key)
            case .text, .secret, .words, .choice, .toggle: break
            }
        }
        return errors
    }

    static func apiKeyErrors(_ fields: [APIKeyField]) -> [FieldError] {
        if fields.isEmpty { return [FieldError("api_key", "Add at least one API key row (parameter key, display name, placement).")] }
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (index, field) in fields.enumerated() {
            let path = "api_key[\(index)]"
            if field.key.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(path + ".key", "Row \(index + 1): parameter key is required (e.g. api-key)."))
            } else if field.key.contains(where: { $0.isWhitespace || $0 == ":" }) {
                errors.append(FieldError(path + ".key", "Row \(index + 1): parameter key '\(field.key)' cannot contain spaces or ':'."))
            } else if !seen.insert(field.key.lowercased()).inserted {
                errors.append(FieldError(path + ".key", "Row \(index + 1): parameter key '\(field.key)' is used twice."))
            }
            if field.label.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(
                    FieldError(path + ".label", "Row \(index + 1): display name is required; it labels the value asked at connect time."))
            }
        }
        return errors
    }

    static func keyValueErrors(_ pairs: [KeyValue], field: String) -> [FieldError] {
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (index, pair) in pairs.enumerated() {
            if pair.key.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError("\(field)[\(index)]", "Row \(index + 1): the parameter name is empty."))
            } else if !seen.insert(pair.key).inserted {
                errors.append(FieldError("\(field)[\(index)]", "Row \(index + 1): '\(pair.key)' is given twice."))
            }
        }
        return errors
    }
}
