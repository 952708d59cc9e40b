import ConnectionsCore
import Foundation

/// How each style role looks. Loaded from `Themes/NAME.yaml` (top level, built in): a palette defined once, then roles.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [StyleRole: Style]

    public func style(_ role: StyleRole) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// Used when no theme file can be read: terminal colours and attributes only.
    public static let builtIn = Theme(
        name: "built-in",
        styles: [
            .normal: Style(), .header: Style(bold: true), .border: Style(dim: true), .dim: Style(dim: true),
            .tabActive: Style(bold: true, reverse: true), .tabInactive: Style(), .selection: Style(reverse: true),
            .label: Style(bold: true), .field: Style(underline: true), .fieldFocused: Style(reverse: true),
            .fieldError: Style(bold: true), .button: Style(), .buttonFocused: Style(bold: true, reverse: true),
            .statusConnected: Style(bold: true), .statusNotConnected: Style(dim: true), .statusExpired: Style(),
            .statusNeedsReconnect: Style(bold: true, underline: true), .statusDisconnected: Style(dim: true),
            .statusBar: Style(reverse: true), .statusBarError: Style(bold: true, reverse: true), .codeText: Style(),
            .codeKeyword: Style(bold: true), .codeString: Style(underline: true), .codeNumber: Style(), .codeComment: Style(dim: true),
            .help: Style(), .helpKey: Style(bold: true),
        ])

    /// Every role keeps its attributes but loses its colours (`NO_COLOR`, monochrome terminals).
    public var withoutColor: Theme {
        Theme(
            name: name,
            styles: styles.mapValues { style in
                var plain = style
                plain.foreground = .terminalDefault
                plain.background = .terminalDefault
                return plain
            })
    }
}

public enum ThemeLoader {
    /// Reads and validates a theme file; every role must be known and every colour valid.
    public static func parse(_ text: String, file: String) throws(ServiceFileError) -> Theme {
        let root = try YAMLMapping.root(text, file: file)
        try root.rejectUnknown(["name", "palette", "roles"])
        var palette: [String: Color] = [:]
        if let section = try root.mapping("palette") {
            for key in section.keys {
                let value = try section.string(key)
                guard let color = Color(name: value) else {
                    throw section.error(key, "'\(value)' is not a colour: use default, an ANSI name, 0-255 or #rrggbb")
                }
                palette[key] = color
            }
        }
        guard let roles = try root.mapping("roles") else { throw root.error("roles", "is required") }
        try roles.rejectUnknown(StyleRole.allCases.map(\.rawValue))
        var styles = Theme.builtIn.styles
        for key in roles.keys {
            let role = StyleRole(rawValue: key)!
            guard let entry = try roles.mapping(key) else { continue }
            try entry.rejectUnknown(["fg", "bg", "bold", "underline", "reverse", "dim"])
            func color(_ field: String) throws(ServiceFileError) -> Color {
                let name = try entry.string(field, default: "default")
                if let named = palette[name] { return named }
                guard let color = Color(name: name) else {
                    throw entry.error(field, "'\(name)' is neither in the palette nor a colour")
                }
                return color
            }
            styles[role] = Style(
                foreground: try color("fg"), background: try color("bg"), bold: try entry.bool("bold", default: false),
                underline: try entry.bool("underline", default: false), reverse: try entry.bool("reverse", default: false),
                dim: try entry.bool("dim", default: false))
        }
        return Theme(name: try root.string("name", default: (file as NSString).deletingPathExtension), styles: styles)
    }

    /// The themes built into the program, by name.
    public static let shipped: [String: [UInt8]] = [
        "ansi-16": PackageResources.ansi_16_yaml, "dark": PackageResources.dark_yaml, "default": PackageResources.default_yaml,
        "high-contrast": PackageResources.high_contrast_yaml, "light": PackageResources.light_yaml,
    ]

    /// The theme called `name`: `NAME.yaml` in the user's themes folder if it is there, else a shipped theme.
    /// Names cannot climb out of the folder.
    public static func load(named name: String, userDirectory: URL?) throws(ServiceFileError) -> Theme {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ServiceFileError(file: name, line: nil, key: "", message: "a theme name has only letters, digits, - and _")
        }
        if let userDirectory {
            let file = userDirectory.appendingPathComponent(name + ".yaml")
            if let data = FileManager.default.contents(atPath: file.path) {
                return try parse(String(decoding: data, as: UTF8.self), file: file.path)
            }
        }
        guard let bytes = shipped[name] else {
            let own =
                userDirectory.map { directory in
                    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.map {
                        String($0.dropLast(5))
                    }
                } ?? []
            throw ServiceFileError(
                file: name + ".yaml", line: nil, key: "",
                message: "no such theme; available: " + Set(shipped.keys).union(own).sorted().joined(separator: ", "))
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: name + ".yaml")
    }
}
