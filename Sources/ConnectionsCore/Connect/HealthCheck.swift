import Foundation

/// Whether a connection works now, and as whom (`connections status`, the TUI's verify): refreshes when needed, then
/// sends the service's whoami (or verify) request as `invoke` sends a request, and remembers the answer.
public struct HealthCheck: Sendable {
    let tokens: TokenProvider
    var workspace: Workspace { tokens.workspace }

    public init(workspace: Workspace, http: HTTPClient = HTTPClient(), timeout: TimeInterval = 30) {
        tokens = TokenProvider(workspace: workspace, http: http, timeout: timeout)
    }

    /// What one check found.
    public struct Report: Sendable, Equatable {
        public enum Step: String, Sendable {
            case read, connect, refresh, verify
        }

        public var linkName: String
        /// The connection as stored after the check (nil when it could not be read).
        public var connection: Connection?
        /// The step that failed, and what went wrong there; nil when all passed.
        public var failedStep: Step?
        public var problem: String?
        /// What to do about it, for each front end to word.
        public var remedy: Remedy?
        /// False when the service has no whoami or verify request: only the token was checked.
        public var verified: Bool

        public var passed: Bool { failedStep == nil }

        mutating func failed(_ step: Step, _ error: any Error) {
            failedStep = step
            problem = (error as? any RemediableError)?.problem ?? "\(error)"
            remedy = (error as? any RemediableError)?.remedy
        }
    }

    public func check(_ linkName: String) async -> Report {
        var report = Report(linkName: linkName, verified: false)
        let connection: Connection
        let service: Service
        do {
            connection = try workspace.connection(linkName)
            service = try workspace.service(connection.serviceLinkName)
        } catch {
            report.failed(.read, error)
            return report
        }
        report.connection = connection
        if connection.tokens == nil && connection.credentials.isEmpty {
            report.failedStep = .connect
            report.problem = "It is not connected (\(connection.storedStatus.displayName))."
            report.remedy = .connect(linkName: linkName)
            return report
        }
        if service.auth.type == .oauth2 {
            do {
                report.connection = try await tokens.freshConnection(linkName).connection
            } catch {
                report.failed(.refresh, error)
                report.connection = try? workspace.connection(linkName)
                return report
            }
        }
        guard let request = service.whoami else { return report }
        report.verified = true
        let outcome = await verify(linkName, request)
        let now = Date()
        report.connection =
            (try? workspace.recordHealth(linkName, step: "verify") { stored in
                stored.health.lastVerifiedAt = now
                stored.health.lastVerificationPassed = outcome.problem == nil
                if let problem = outcome.problem {
                    stored.health.failed(problem)
                } else {
                    stored.health.succeeded()
                    if let account = outcome.account { stored.health.account = account }
                }
            }) ?? report.connection
        if let problem = outcome.problem {
            report.failedStep = .verify
            report.problem = problem
        }
        return report
    }

    /// The account the answer names, or what was wrong with it.
    private func verify(_ linkName: String, _ check: AccountCheck) async -> (account: String?, problem: String?) {
        do {
            let result = try await Invoker(workspace: workspace, http: tokens.http).invoke(
                linkName, APIRequest(url: check.url, method: check.method, timeout: tokens.timeout))
            let status = result.response.status
            guard (200..<300).contains(status) else {
                let excerpt = TokenResponse.excerpt(result.response.body)
                return (nil, "\(check.method) \(result.url.absoluteString) answered HTTP \(status): \(excerpt)")
            }
            guard !check.accountFields.isEmpty else { return (nil, nil) }
            let answer = try? JSONSerialization.jsonObject(with: result.response.body, options: [.fragmentsAllowed])
            guard let account = answer.flatMap(check.account(in:)) else {
                return (nil, "The answer names no account in \(check.accountFields.joined(separator: ", ")).")
            }
            return (account, nil)
        } catch {
            return (nil, "\(error)")
        }
    }
}
