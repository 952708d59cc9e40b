import Foundation

/// The rules a new connection must satisfy against its service.
public enum ConnectionValidator {
    /// A new connection also needs a client of its own when its service has none (every catalog OAuth service).
    public static func errors(in draft: ConnectionDraft, linkName: String, service: Service) -> [FieldError] {
        var errors = errors(name: draft.name, linkName: linkName, parameters: draft.parameters, scopes: draft.scopes, service: service)
        if needsClientID(service), draft.clientID.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError("client_id", registrationHint(service)))
        }
        return errors
    }

    /// What a connection to `service` needs before it can sign in, and where to get it.
    public static func registrationHint(_ service: Service) -> String {
        let what = service.auth.type == .oauth1 ? "consumer key" : "client ID"
        var message =
            "\(service.name) needs the \(what) of an app you register "
            + (service.registerURL.isEmpty ? "in its developer console" : "at \(service.registerURL)")
        if let settings = service.auth.oauth2, settings.grant == .authorizationCode {
            message += ", with the redirect URI \(settings.redirectURI)"
        }
        return message + "."
    }

    public static func errors(name: String, linkName: String, parameters: [KeyValue], scopes: [String]?, service: Service) -> [FieldError] {
        var errors: [FieldError] = []
        if let problem = NameRules.nameProblem(name, kind: "Connection") { errors.append(FieldError("name", problem)) }
        if let problem = NameRules.linkNameProblem(linkName) { errors.append(FieldError("link_name", problem)) }
        let given = parameters.map(\.key)
        for name in service.parameters where !(parameters.first { $0.key == name }.map { !$0.value.isEmpty } ?? false) {
            errors.append(FieldError("parameters.\(name)", "\(service.name) needs a value for '\(name)'."))
        }
        for name in given where !service.parameters.contains(name) {
            let known = service.parameters.isEmpty ? "it takes none" : "it takes: " + service.parameters.joined(separator: ", ")
            errors.append(FieldError("parameters.\(name)", "\(service.name) has no parameter '\(name)'; \(known)."))
        }
        if Set(given).count != given.count { errors.append(FieldError("parameters", "A parameter is given twice.")) }
        let values = Dictionary(parameters.map { ($0.key, $0.value) }) { first, _ in first }
        for problem in service.placeholderProblems(values) where service.parameters.contains(problem.name) {
            errors.append(FieldError("parameters.\(problem.name)", problem.description))
        }
        for (index, scope) in (scopes ?? []).enumerated() where scope.isEmpty || scope.contains(where: \.isWhitespace) {
            errors.append(FieldError("scopes[\(index)]", "Scope '\(scope)' is empty or contains white space; give scopes one by one."))
        }
        return errors
    }

    /// Why this connection cannot start an authorization yet, or nil when it can.
    public static func missingClient(_ connection: Connection, service: Service) -> ConnectError? {
        guard needsClientID(service), connection.clientID.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        let settings = service.auth.oauth2
        return .missingClient(
            service: service.name, what: service.auth.type == .oauth1 ? "consumer key" : "client ID", linkName: connection.linkName,
            redirectURI: settings?.grant == .authorizationCode ? settings?.redirectURI : nil)
    }

    /// Whether connections to this service must bring their own OAuth client.
    public static func needsClientID(_ service: Service) -> Bool {
        switch service.auth {
        case .oauth2(let settings): settings.clientID.isEmpty
        case .oauth1(let settings): settings.consumerKey.isEmpty
        case .apiKey, .basic: false
        }
    }
}
