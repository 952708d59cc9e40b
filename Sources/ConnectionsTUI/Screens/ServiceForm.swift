import ConnectionsCore

/// The Custom Service form: exactly the service model's fields, changing with the authentication type.
public enum ServiceForm {
    static let authChoices: [AuthType] = [.oauth2, .oauth1, .apiKey, .basic]

    public static func make(auth: AuthType, from service: Service? = nil) -> Form {
        let shown = blank(auth, like: service)
        let common = ServiceFields.fields(in: .common).filter(\.inForm)
        var fields = [
            Form.Field(
                id: "discover", label: "Discover from URL", kind: .text(TextField("")),
                hint: "an issuer, API or MCP URL", keyHint: KeyHint(.activate, "fills the form from its metadata", in: [.field]))
        ]
        fields += common.prefix { $0.name != "api_base" }.map { field(for: $0, in: shown) }
        fields.append(
            Form.Field(
                id: "auth", label: "Authentication",
                kind: .choice(authChoices.map(\.displayName), selected: authChoices.firstIndex(of: auth) ?? 0)))
        fields += common.drop { $0.name != "api_base" }.map { field(for: $0, in: shown) }
        if let section = ServiceFields.section(for: auth) {
            fields += ServiceFields.fields(in: section).filter(\.inForm).map { field(for: $0, in: shown) }
        }
        switch auth {
        case .oauth2:
            fields.append(
                Form.Field(
                    id: "redirect_uri", label: "Redirect URI to register", kind: .info(shown.auth.oauth2?.redirectURI ?? ""),
                    keyHint: .copyInfo))
        case .oauth1: break
        case .apiKey: fields += apiKeyFields(service?.auth.apiKeyFields ?? [])
        case .basic:
            fields.append(
                Form.Field(id: "basic_note", label: "Credentials", kind: .info("username and password are asked when connecting")))
        }
        fields.append(Form.Field(id: "save", label: "Save", kind: .button))
        fields.append(Form.Field(id: "save_and_connect", label: "Save and create connection", kind: .button))
        // Typing starts at the name, as before; "Discover from URL" sits above it (shift+tab or a click reaches it).
        var form = Form(fields: fields)
        form.focus = form.index(of: "name") ?? 0
        return form
    }

    /// `service` with the settings of `auth` (its own when it has that type, else the defaults).
    static func blank(_ auth: AuthType, like service: Service?) -> Service {
        var shown = service ?? Service(name: "", linkName: "", auth: .basic)
        if service?.auth.type != auth {
            switch auth {
            case .oauth2: shown.auth = .oauth2(OAuth2Settings())
            case .oauth1: shown.auth = .oauth1(OAuth1Settings())
            case .apiKey: shown.auth = .apiKey([])
            case .basic: shown.auth = .basic
            }
        }
        return shown
    }

    /// The form field of a table entry, holding the service's value.
    static func field(for entry: ServiceField, in service: Service) -> Form.Field {
        let value = entry.value(in: service)
        let kind: Form.Kind
        switch entry.kind {
        case .text, .url, .port, .days: kind = .text(TextField(value.text))
        case .secret: kind = .text(TextField(value.text, secret: true))
        case .words: kind = .list(ListEditor(items: value.items, kind: .word))
        case .pairs: kind = .list(ListEditor(items: value.keyValues.map { "\($0.key)=\($0.value)" }, kind: .pair))
        case .toggle: kind = .toggle(value.isOn)
        case .choice(let options): kind = .choice(options, selected: options.firstIndex(of: value.text) ?? 0)
        }
        // The table says a field is secret; the keymap says which key reveals it.
        let reveal = entry.kind == .secret ? KeyHint(.reveal, "reveals") : nil
        return Form.Field(id: entry.key, label: entry.label, kind: kind, hint: entry.help, keyHint: reveal)
    }

    static func text(_ id: String, _ label: String, _ value: String?, secret: Bool = false, hint: String? = nil) -> Form.Field {
        Form.Field(id: id, label: label, kind: .text(TextField(value ?? "", secret: secret)), hint: hint)
    }

    static func choice<T: RawRepresentable & CaseIterable & Equatable>(_ id: String, _ label: String, _ value: T) -> Form.Field
    where T.RawValue == String {
        let all = Array(T.allCases)
        return Form.Field(id: id, label: label, kind: .choice(all.map(\.rawValue), selected: all.firstIndex(of: value) ?? 0))
    }

    /// One group of fields per key, and always one empty group more: typing into it adds the next.
    static func apiKeyFields(_ rows: [APIKeyField]) -> [Form.Field] {
        (0...rows.count).flatMap { index in apiKeyRow(index, rows.indices.contains(index) ? rows[index] : nil) }
    }

    static func apiKeyRow(_ index: Int, _ row: APIKeyField?) -> [Form.Field] {
        [
            text(
                "api_key[\(index)].key", "Key \(index + 1): parameter", row?.key,
                hint: index == 0 ? "e.g. api-key; an empty row is skipped" : nil),
            text("api_key[\(index)].label", "Key \(index + 1): display name", row?.label, hint: "asked when connecting"),
            choice("api_key[\(index)].placement", "Key \(index + 1): goes in", row?.placement ?? .header),
            text(
                "api_key[\(index)].prefix", "Key \(index + 1): prefix", row?.prefix,
                hint: "before the value, e.g. \"Bearer \"; usually empty"),
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
            let last = form.index(of: "api_key[\(count - 1)].prefix")
        else { return }
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
    /// edited, supplies what the form does not show (token fields, after-connect lookups, notes, token format…);
    /// a hidden field whose default follows a shown one (the token header follows its placement) takes that default
    /// when the shown one changes.
    public static func service(from form: Form, base: Service? = nil) -> Service {
        let auth = authType(of: form)
        var service = blank(auth, like: base)
        let previous = service
        let shownSections: [ServiceField.Section] = [.common] + (ServiceFields.section(for: auth).map { [$0] } ?? [])
        let fields = ServiceFields.all.filter { shownSections.contains($0.section) }
        for entry in fields where entry.inForm {
            guard let field = form.fields.first(where: { $0.id == entry.key }) else { continue }
            entry.set(value(of: field, as: entry.kind), in: &service)
        }
        for entry in fields where !entry.inForm {
            guard let derived = entry.derivedDefault else { continue }
            let changed = entry.dependsOn.flatMap(ServiceFields.field).map { $0.value(in: service) != $0.value(in: previous) } ?? false
            if base?.auth.type != auth || changed { entry.set(derived(service), in: &service) }
        }
        if auth == .apiKey {
            let value = form.value
            service.auth = .apiKey(
                (0..<apiKeyRowCount(form)).compactMap { index -> APIKeyField? in
                    let key = value("api_key[\(index)].key"), label = value("api_key[\(index)].label")
                    if key.isEmpty && label.isEmpty { return nil }
                    let placement = Placement(rawValue: value("api_key[\(index)].placement")) ?? .header
                    return APIKeyField(key: key, label: label, placement: placement, prefix: value("api_key[\(index)].prefix"))
                })
        }
        return service
    }

    /// What a form field holds, as a table value; typed text is trimmed of surrounding spaces, secrets are kept as typed.
    static func value(of field: Form.Field, as kind: ServiceField.Kind) -> ServiceField.Value {
        switch kind {
        case .words: .list(field.list?.values ?? [])
        case .pairs: .pairs(pairs(field.list?.values ?? []))
        case .toggle: .toggle(field.text != "false")
        case .secret: .text(field.text)
        case .text, .url, .port, .days, .choice: .text(field.text.trimmingCharacters(in: .whitespaces))
        }
    }
}

extension ServiceForm {
    /// What the tab holds: a new service, or the service being edited (saved or opened with `e`), and the key that
    /// starts a new one.
    static func drawTitle(_ state: AppState, into grid: inout Grid) {
        let title = state.editingService.map { "Edit service \($0)" } ?? "New custom service"
        let end = grid.write(title, x: 1, y: Layout.contentTop, role: .header)
        guard state.editingService != nil || state.serviceFormHasUnsavedWork else { return }
        let new = " · " + state.keymap.hint(.newService, "starts a new one", in: [.form])
        if end + DisplayWidth.of(new) < grid.width { grid.write(new, x: end, y: Layout.contentTop, role: .dim) }
    }
}
