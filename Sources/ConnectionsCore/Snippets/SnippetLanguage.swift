public enum SnippetLanguage: String, Sendable, CaseIterable {
    case deluge, curl, python, javascript

    public var displayName: String {
        switch self {
        case .deluge: "Deluge"
        case .curl: "curl"
        case .python: "Python"
        case .javascript: "JavaScript"
        }
    }
}
