import Foundation
import Yams

/// A problem in a service file, pointing at the file, line and key.
public struct ServiceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Reads a YAML mapping strictly: every key must be read by the caller, and anything left over is an error.
public struct YAMLMapping {
    public let file: String
    public let path: String
    let node: Node
    private let pairs: [(key: String, value: Node)]

    init(_ node: Node, file: String, path: String) throws(ServiceFileError) {
        self.file = file
        self.path = path
        self.node = node
        guard let mapping = node.mapping else {
            throw ServiceFileError(file: file, line: node.mark?.line, key: path, message: "expected a mapping of key: value lines")
        }
        var pairs: [(String, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw ServiceFileError(file: file, line: key.mark?.line, key: path, message: "keys must be plain text")
            }
            if pairs.contains(where: { $0.0 == name }) {
                throw ServiceFileError(
                    file: file, line: key.mark?.line, key: path.isEmpty ? name : "\(path).\(name)", message: "given twice")
            }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    public func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The keys in file order.
    public var keys: [String] { pairs.map(\.key) }

    public func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

    public func error(_ key: String, _ message: String) -> ServiceFileError {
        ServiceFileError(file: file, line: (value(key) ?? node).mark?.line, key: qualified(key), message: message)
    }

    /// Fails on the first key not in `known`.
    public func rejectUnknown(_ known: [String]) throws(ServiceFileError) {
        for pair in pairs where !known.contains(pair.key) {
            throw ServiceFileError(
                file: file, line: pair.value.mark?.line, key: qualified(pair.key),
                message: "unknown key; expected one of: " + known.joined(separator: ", "))
        }
    }

    public func string(_ key: String, default fallback: String = "") throws(ServiceFileError) -> String {
        try text(key) ?? fallback
    }

    /// Nil when the key is absent or null; `""` (quoted) is an empty text.
    public func text(_ key: String) throws(ServiceFileError) -> String? {
        guard let node = value(key) else { return nil }
        if case .scalar(let scalar) = node {
            if scalar.style == .plain, scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty { return nil }
            return scalar.string
        }
        throw error(key, "expected text")
    }

    public func requiredString(_ key: String) throws(ServiceFileError) -> String {
        let text = try string(key)
        if text.isEmpty { throw error(key, "is required") }
        return text
    }

    public func bool(_ key: String, default fallback: Bool) throws(ServiceFileError) -> Bool {
        guard let node = value(key) else { return fallback }
        guard let scalar = node.scalar, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            throw error(key, "expected true or false")
        }
        return scalar.string == "true"
    }

    public func int(_ key: String) throws(ServiceFileError) -> Int? {
        guard let node = value(key) else { return nil }
        guard let scalar = node.scalar, scalar.style == .plain, let number = Int(scalar.string) else {
            throw error(key, "expected a whole number")
        }
        return number
    }

    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) throws(ServiceFileError) -> T
    where T.RawValue == String {
        let text = try string(key)
        if text.isEmpty { return fallback }
        guard let value = T(rawValue: text) else {
            throw error(key, "'\(text)' is not one of: " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    public func strings(_ key: String) throws(ServiceFileError) -> [String] {
        guard let node = value(key) else { return [] }
        guard let sequence = node.sequence else { throw error(key, "expected a list, e.g. [a, b]") }
        var result: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                throw ServiceFileError(file: file, line: item.mark?.line, key: qualified(key), message: "list items must be text")
            }
            result.append(scalar.string)
        }
        return result
    }

    public func keyValues(_ key: String) throws(ServiceFileError) -> [KeyValue] {
        guard let node = value(key) else { return [] }
        let mapping = try YAMLMapping(node, file: file, path: qualified(key))
        var result: [KeyValue] = []
        for pair in mapping.pairs {
            guard case .scalar(let scalar) = pair.value else {
                throw ServiceFileError(file: file, line: pair.value.mark?.line, key: mapping.qualified(pair.key), message: "expected text")
            }
            result.append(KeyValue(pair.key, scalar.string))
        }
        return result
    }

    public func mapping(_ key: String) throws(ServiceFileError) -> YAMLMapping? {
        guard let node = value(key) else { return nil }
        return try YAMLMapping(node, file: file, path: qualified(key))
    }

    public func mappings(_ key: String) throws(ServiceFileError) -> [YAMLMapping] {
        guard let node = value(key) else { return [] }
        guard let sequence = node.sequence else { throw error(key, "expected a list of mappings") }
        var result: [YAMLMapping] = []
        for (index, item) in sequence.enumerated() {
            result.append(try YAMLMapping(item, file: file, path: "\(qualified(key))[\(index)]"))
        }
        return result
    }

    public static func root(_ text: String, file: String) throws(ServiceFileError) -> YAMLMapping {
        let limits = YAMLLimits.standard
        if text.utf8.count > limits.fileBytes {
            throw ServiceFileError(
                file: file, line: nil, key: "",
                message: "the file is \(text.utf8.count >> 10) KB; at most \(limits.fileBytes >> 20) MB is read")
        }
        let node: Node?
        do {
            // The basic resolver leaves every scalar as text: this reader decides types itself, and skips Yams' regexes.
            node = try Yams.compose(yaml: text, .basic)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let key = duplicates.first ?? ""
            throw ServiceFileError(file: file, line: secondLine(of: key, in: text) ?? context.mark.line, key: key, message: "given twice")
        } catch let error as YamlError {
            throw ServiceFileError(file: file, line: Self.line(of: error), key: "", message: "not valid YAML: \(Self.summary(of: error))")
        } catch {
            throw ServiceFileError(file: file, line: nil, key: "", message: "not valid YAML: \(error)")
        }
        guard let node else { throw ServiceFileError(file: file, line: nil, key: "", message: "the file is empty") }
        try limits.check(node, file: file)
        return try YAMLMapping(node, file: file, path: "")
    }

    /// Where a duplicated key appears the second time; Yams points at the mapping instead.
    private static func secondLine(of key: String, in text: String) -> Int? {
        let lines = text.components(separatedBy: "\n").enumerated().filter {
            $0.element.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":")
        }
        return lines.count > 1 ? lines[1].offset + 1 : nil
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: String(describing: error)
        }
    }
}

/// Bounds on what a YAML file may decode to. Aliases are expanded when a file is read, so a small file can stand
/// for an enormous one (`k0: *x … k2999: *x`); this counts what the aliases expand to and stops early.
struct YAMLLimits {
    var fileBytes = 2 << 20
    var decodedBytes = 4 << 20
    var stringBytes = 64 << 10
    var entries = 10_000
    var nodes = 200_000

    static let standard = YAMLLimits()

    func check(_ root: Node, file: String) throws(ServiceFileError) {
        var nodes = 0, bytes = 0
        var pending = [root]
        func fail(_ node: Node, _ message: String) -> ServiceFileError {
            ServiceFileError(file: file, line: node.mark?.line, key: "", message: message)
        }
        while let node = pending.popLast() {
            nodes += 1
            if nodes > self.nodes {
                throw fail(node, "the file expands to more than \(self.nodes) values (through aliases?); it is not read")
            }
            switch node {
            case .scalar(let scalar):
                let size = scalar.string.utf8.count
                if size > stringBytes { throw fail(node, "a text of \(size) bytes is longer than the \(stringBytes >> 10) KB allowed") }
                bytes += size
                if bytes > decodedBytes {
                    throw fail(node, "the file expands to more than \(decodedBytes >> 20) MB of text (through aliases?); it is not read")
                }
            case .mapping(let mapping):
                if mapping.count > entries { throw fail(node, "a mapping of \(mapping.count) entries is more than the \(entries) allowed") }
                for (key, value) in mapping { pending.append(key); pending.append(value) }
            case .sequence(let sequence):
                if sequence.count > entries { throw fail(node, "a list of \(sequence.count) items is more than the \(entries) allowed") }
                pending.append(contentsOf: sequence)
            case .alias:
                break
            }
        }
    }
}
