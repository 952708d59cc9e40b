import Foundation

/// One variable `connections exec` sets for the program it runs: a connection's credential, or the whole header value
/// that carries it.
public struct ExecVariable: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        /// The token, key or Basic value, as `connections token` prints it.
        case value
        /// The header value, prefix included (`Bearer abc`).
        case header
    }

    public var name: String
    public var linkName: String
    /// Which API key row, when the service has several.
    public var key: String?
    public var form: Form

    public init(name: String, linkName: String, key: String? = nil, form: Form = .value) {
        self.name = name
        self.linkName = linkName
        self.key = key
        self.form = form
    }

    /// `NAME=LINK`, or `NAME=LINK:KEY` for one API key of several.
    public init(parsing text: String, form: Form) throws(ExecError) {
        guard let equals = text.firstIndex(of: "=") else { throw .badAssignment(text) }
        let name = String(text[..<equals])
        let target = text[text.index(after: equals)...]
        guard Self.isValidName(name) else { throw .badName(name) }
        let parts = target.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let link = parts.first, !link.isEmpty, parts.count == 1 || !parts[1].isEmpty else { throw .badAssignment(text) }
        self.init(name: name, linkName: link, key: parts.count == 2 ? parts[1] : nil, form: form)
    }

    /// POSIX: letters, digits and `_`, not starting with a digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || CharacterSet.alphanumerics.contains($0)) }
    }

    /// The name a connection's variable gets when none is given: the link name in capitals and `_TOKEN`
    /// (`github_work` -> `GITHUB_WORK_TOKEN`); one API key of several: the link name, `_`, the key in capitals with every
    /// other character as `_` (`X-Api-Key` -> `SHOP_X_API_KEY`).
    public static func defaultName(linkName: String, key: String? = nil) -> String {
        guard let key else { return linkName.uppercased() + "_TOKEN" }
        let keyPart = String(
            String.UnicodeScalarView(
                key.uppercased().unicodeScalars.map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? $0 : "_" }))
        return linkName.uppercased() + "_" + keyPart
    }
}

/// Why `connections exec` did not start the program.
public enum ExecError: Error, Sendable, Equatable, CustomStringConvertible {
    case badAssignment(String)
    case badName(String)
    case duplicateName(String)
    case noConnections
    case commandNotFound(String)
    case notExecutable(String, reason: String)

    public var description: String {
        switch self {
        case .badAssignment(let text):
            "'\(TerminalText.singleLine(text))' is not NAME=LINK (or NAME=LINK:KEY for one API key of several)."
        case .badName(let name):
            "'\(TerminalText.singleLine(name))' cannot be an environment variable name: use letters, digits and _, not starting with a "
                + "digit."
        case .duplicateName(let name): "\(name) is given twice: give each variable once."
        case .noConnections: "No connection is connected, so there is no variable to set: connect one with `connections connect LINK`."
        case .commandNotFound(let command): "\(TerminalText.singleLine(command)): command not found."
        case .notExecutable(let command, let reason): "\(TerminalText.singleLine(command)): cannot run it: \(reason)."
        }
    }

    /// The exit code a shell gives for it: 127 not found, 126 found but not runnable, else 1.
    public var exitCode: Int32 {
        switch self {
        case .commandNotFound: 127
        case .notExecutable: 126
        default: 1
        }
    }
}

extension Invoker {
    /// Each variable's value, each token refreshed first. The first failure stops it.
    public func environment(_ variables: [ExecVariable], timeout: TimeInterval = 30) async throws -> (
        values: [String: Secret], warnings: [String]
    ) {
        var seen = Set<String>()
        for variable in variables where !seen.insert(variable.name).inserted { throw ExecError.duplicateName(variable.name) }
        var values: [String: Secret] = [:]
        var warnings: [String] = []
        for variable in variables {
            let credential = try await credential(variable.linkName, key: variable.key, timeout: timeout)
            warnings += credential.warning.map { [$0] } ?? []
            switch variable.form {
            case .value: values[variable.name] = credential.value
            case .header:
                guard let header = credential.headerValue else { throw CredentialChoiceError.notInHeader(linkName: variable.linkName) }
                values[variable.name] = header
            }
        }
        return (values, warnings)
    }

    /// A variable for each connection that is connected (see `ExecVariable.defaultName`); connections that cannot give one
    /// now are left out with a warning.
    public func environmentOfEveryConnection(timeout: TimeInterval = 30) async throws -> (values: [String: Secret], warnings: [String]) {
        var variables: [ExecVariable] = []
        for summary in try workspace.store.connectionSummaries() {
            switch summary.storedStatus {
            case .connected, .expired: break
            default: continue
            }
            let service = try workspace.service(summary.serviceLinkName)
            if case .apiKey(let fields) = service.auth, fields.count > 1 {
                variables += fields.map {
                    ExecVariable(
                        name: ExecVariable.defaultName(linkName: summary.linkName, key: $0.key), linkName: summary.linkName, key: $0.key)
                }
            } else {
                variables.append(ExecVariable(name: ExecVariable.defaultName(linkName: summary.linkName), linkName: summary.linkName))
            }
        }
        let clashing = Dictionary(grouping: variables, by: \.name).filter { Set($0.value.map(\.linkName)).count > 1 }
        var warnings = clashing.sorted { $0.key < $1.key }.map { name, group in
            "\(name) would be set by \(Set(group.map(\.linkName)).sorted().joined(separator: " and ")) (left out): name each with "
                + "--env NAME=LINK."
        }
        let results = await concurrently(variables.filter { clashing[$0.name] == nil }, limit: 4) { variable in
            do {
                return Result<(ExecVariable, ConnectionCredential), any Error>.success(
                    (variable, try await credential(variable.linkName, key: variable.key, timeout: timeout)))
            } catch {
                return .failure(ExecSkip(linkName: variable.linkName, reason: "\(error)"))
            }
        }
        var values: [String: Secret] = [:]
        for result in results {
            switch result {
            case .success(let (variable, credential)):
                values[variable.name] = credential.value
                warnings += credential.warning.map { [$0] } ?? []
            case .failure(let skip):
                warnings.append("\(skip) (left out)")
            }
        }
        if values.isEmpty && warnings.isEmpty { throw ExecError.noConnections }
        return (values, warnings)
    }
}

private struct ExecSkip: Error, CustomStringConvertible {
    var linkName: String
    var reason: String
    var description: String { "\(linkName): \(reason)" }
}
