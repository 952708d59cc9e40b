import Foundation

/// The rules for display names and link names, shared by services and connections.
public enum NameRules {
    public static let maxLength = 50

    /// Problems with a display name (service or connection), or nil when it is fine.
    public static func nameProblem(_ name: String, kind: String) -> String? {
        // The whole name, not the trimmed one: a line break at either end would still be stored and printed.
        if name.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            return "\(kind) name cannot contain line breaks or control characters (tabs, escapes, bidi overrides): "
                + "it is shown on one line."
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "\(kind) name is required." }
        if trimmed.count > maxLength { return "\(kind) name is \(trimmed.count) characters; the limit is \(maxLength)." }
        return nil
    }

    /// Problems with a link name, or nil when it is valid.
    public static func linkNameProblem(_ link: String) -> String? {
        guard let first = link.unicodeScalars.first else { return "Link name is required." }
        if link.count > maxLength { return "Link name is \(link.count) characters; the limit is \(maxLength)." }
        guard ("a"..."z").contains(first) else {
            return "Link name must start with a lowercase letter (a-z); '\(String(first))' does not."
        }
        var bad: [String] = []
        for scalar in link.unicodeScalars where !isLinkScalar(scalar) {
            let shown = scalar == " " ? "space" : "'\(String(scalar))'"
            if !bad.contains(shown) { bad.append(shown) }
        }
        if !bad.isEmpty {
            let list = bad.prefix(5).joined(separator: ", ") + (bad.count > 5 ? " and more" : "")
            return "Link name may contain only a-z, 0-9 and _ (a-z first, at most \(maxLength)); not \(list)."
        }
        return nil
    }

    /// A valid link name derived from a display name, unique among `taken`: other scripts transliterated to
    /// Latin (日本 -> ri_ben, Привет -> privet), lowercase, accents dropped, runs of anything else become one `_`,
    /// `_2`, `_3`... when taken.
    public static func deriveLinkName(from name: String, fallback: String, taken: (String) -> Bool) -> String {
        let latin = name.unicodeScalars.allSatisfy(\.isASCII) ? name : (name.applyingTransform(.toLatin, reverse: false) ?? name)
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        var base = ""
        for scalar in folded.unicodeScalars {
            if isLinkScalar(scalar), scalar != "_" {
                base.unicodeScalars.append(scalar)
            } else if !base.isEmpty, !base.hasSuffix("_") {
                base += "_"
            }
        }
        while base.hasSuffix("_") { base.removeLast() }
        if base.isEmpty { base = fallback }
        if let first = base.unicodeScalars.first, !("a"..."z").contains(first) { base = fallback + "_" + base }
        base = String(base.prefix(maxLength))
        if !taken(base) { return base }
        var counter = 2
        while true {
            let suffix = "_\(counter)"
            let candidate = String(base.prefix(maxLength - suffix.count)) + suffix
            if !taken(candidate) { return candidate }
            counter += 1
        }
    }

    private static func isLinkScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
