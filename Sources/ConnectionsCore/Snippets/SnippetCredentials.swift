/// A snippet's credentials sorted by where they go (headers, query, form), each entry as the language writes it:
/// the name a string literal, the value a call of the snippet's token function, after the prefix when there is one.
struct SnippetCredentials {
    typealias Entry = (name: String, value: String)
    private(set) var headers: [Entry] = []
    private(set) var query: [Entry] = []
    private(set) var form: [Entry] = []

    init(_ uses: [CredentialUse], tokenFunction: String, literal: (String) -> String) {
        for use in uses {
            let call = tokenFunction + "(" + use.tokenArguments.map(literal).joined(separator: ", ") + ")"
            let entry = (name: literal(use.name), value: use.prefix.isEmpty ? call : literal(use.prefix) + " + " + call)
            switch use.placement {
            case .header: headers.append(entry)
            case .query: query.append(entry)
            case .form: form.append(entry)
            }
        }
    }
}
