import ConnectionsCore

/// The Pick Your Service > service form, and the detail page's request builder.
enum ConnectionForms {
    static func newConnection(for service: Service, suggestedLink: String) -> Form {
        var fields = [
            ServiceForm.text("name", "Connection name", ""),
            ServiceForm.text(
                "link_name", "Link name", suggestedLink,
                hint: "a-z first, then a-z 0-9 _; follows the name until edited; fixed once created"),
        ]
        if let settings = service.auth.oauth2 {
            let scopes = ListEditor(items: settings.scopes, checked: settings.scopes.map { _ in true })
            fields.append(Form.Field(id: "scopes", label: "Scopes", kind: .list(scopes), hint: "uncheck what you do not need; type others"))
        }
        for parameter in service.parameters {
            fields.append(ServiceForm.text("parameters.\(parameter)", "Parameter \(parameter)", ""))
        }
        if ConnectionValidator.needsClientID(service), !service.registerURL.isEmpty {
            fields.append(Form.Field(id: "register_url", label: "Where to register", kind: .info(service.registerURL), keyHint: .copyInfo))
        }
        if ConnectionValidator.needsClientID(service) {
            let oauth1 = service.auth.type == .oauth1
            fields.append(
                ServiceForm.text(
                    "client_id", oauth1 ? "Consumer key" : "Client ID", "", hint: "of the app you registered at \(service.name)"))
            var secret = ServiceForm.text("client_secret", oauth1 ? "Consumer secret" : "Client secret", "", secret: true)
            secret.keyHint = KeyHint(.reveal, "reveals")
            fields.append(secret)
        }
        if let settings = service.auth.oauth2, settings.grant == .authorizationCode {
            fields.append(
                Form.Field(
                    id: "redirect_uri", label: "Redirect URI to register", kind: .info(settings.redirectURI), keyHint: .copyInfo))
        }
        fields.append(Form.Field(id: "create_and_connect", label: "Create and Connect", kind: .button))
        fields.append(Form.Field(id: "create", label: "Create", kind: .button))
        return Form(fields: fields)
    }

    /// The same form for an existing connection: its values filled in, the link name fixed, a blank secret kept.
    static func edit(_ connection: Connection, service: Service) -> Form {
        var form = newConnection(for: service, suggestedLink: connection.linkName)
        form.setText("name", connection.name)
        if let index = form.index(of: "link_name") {
            form.fields[index].kind = .info(connection.linkName)
            form.fields[index].hint = "fixed once created"
        }
        if let index = form.index(of: "scopes") {
            let known = service.auth.oauth2?.scopes ?? []
            let items = known + connection.scopes.filter { !known.contains($0) }
            form.fields[index].kind = .list(ListEditor(items: items, checked: items.map { connection.scopes.contains($0) }))
        }
        for parameter in connection.parameters { form.setText("parameters.\(parameter.key)", parameter.value) }
        form.setText("client_id", connection.clientID)
        if let index = form.index(of: "client_secret") {
            form.fields[index].hint = "leave empty to keep the stored one"
            form.fields[index].keyHint = nil
        }
        form.fields.removeAll { $0.id == "create_and_connect" || $0.id == "create" }
        form.fields.append(Form.Field(id: "save_connection", label: "Save", kind: .button))
        return form
    }

    /// The change the edit form asks for: a blank secret keeps the stored one.
    static func edit(from form: Form, service: Service) -> ConnectionEdit {
        let draft = draft(from: form, service: service)
        return ConnectionEdit(
            name: draft.name, scopes: draft.scopes, parameters: draft.parameters,
            clientID: form.index(of: "client_id") == nil ? nil : draft.clientID, clientSecret: draft.clientSecret)
    }

    static func draft(from form: Form, service: Service) -> ConnectionDraft {
        let secret = form.value("client_secret")
        return ConnectionDraft(
            serviceLinkName: service.linkName, name: form.value("name"), linkName: form.value("link_name"),
            scopes: form.index(of: "scopes") == nil ? nil : form.items("scopes"),
            parameters: service.parameters.map { KeyValue($0, form.value("parameters.\($0)")) },
            clientID: form.value("client_id"), clientSecret: secret.isEmpty ? nil : Secret(secret))
    }

    static func request(for service: Service) -> Form {
        Form(fields: [
            ServiceForm.text("url", "URL", "", hint: service.apiBase.isEmpty ? "the full URL" : "relative to \(service.apiBase)"),
            Form.Field(id: "method", label: "Method", kind: .choice(APIRequest.methods, selected: 0)),
            ServiceForm.text("parameters", "Parameters", "", hint: "e.g. k=v&k2=v2"),
            ServiceForm.text("headers", "Headers", "", hint: "e.g. Name: value; Name2: value2"),
            ServiceForm.text("body", "Body", "", hint: "sent as is; parameters then go in the URL"),
        ])
    }

    static func apiRequest(from form: Form) -> APIRequest {
        let headers = form.value("headers").split(separator: ";").compactMap { part -> KeyValue? in
            let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty else { return nil }
            return KeyValue(pieces[0], pieces[1])
        }
        let body = form.value("body")
        return APIRequest(
            url: form.value("url"), method: form.value("method"),
            parameters: ServiceForm.pairs(form.value("parameters")), headers: headers, text: body.isEmpty ? nil : body)
    }
}
