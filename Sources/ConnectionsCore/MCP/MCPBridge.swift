import Foundation
import Synchronization

/// `connections mcp LINK`: an MCP server on stdio that is the connection's remote one. Each JSON-RPC message read is
/// POSTed to the MCP endpoint over the streamable HTTP transport, through `Invoker` (so the token is added, refreshed
/// and, after a 401, refreshed once more, as `invoke` does); each message of the answer, JSON or an SSE stream, goes to
/// `output` as one line as it arrives. `Mcp-Session-Id` is kept and the session deleted at the end of input. A message
/// that is not JSON, or longer than `maximumMessage`, gets a JSON-RPC error and the bridge goes on.
public final class MCPBridge: Sendable {
    public let linkName: String
    public let endpoint: String
    let invoker: Invoker
    let timeout: TimeInterval
    let output: @Sendable (Data) -> Void
    let diagnostics: @Sendable (String) -> Void
    let session = Mutex(Session())
    let signIn: SharedSignIn
    /// The GET stream's task, once the session has one (`openServerStream`).
    let serverStream = Mutex<Task<Void, Never>?>(nil)

    struct Session {
        var id: String?
        var protocolVersion: String?
    }

    public static let maximumMessage = 4 << 20
    /// The largest message taken from the server.
    public static let maximumAnswer = 16 << 20

    /// `url`: the MCP endpoint, absolute or under the API base; by default the service's resource (RFC 8707), else its
    /// API base.
    public init(
        workspace: Workspace, linkName: String, url: String? = nil, timeout: TimeInterval = 300,
        output: @escaping @Sendable (Data) -> Void, diagnostics: @escaping @Sendable (String) -> Void
    ) throws {
        let connection = try workspace.connection(linkName)
        let service = try workspace.service(connection.serviceLinkName)
        let resource = service.auth.oauth2?.resource ?? ""
        let standing = !service.mcpEndpoint.isEmpty ? service.mcpEndpoint : resource.isEmpty ? service.apiBase : resource
        self.endpoint = RequestURL.joined(url ?? standing, apiBase: service.apiBase)
        self.linkName = linkName
        self.invoker = Invoker(workspace: workspace)
        self.timeout = timeout
        self.output = output
        self.diagnostics = diagnostics
        signIn = SharedSignIn(workspace: workspace, linkName: linkName, timeout: timeout, diagnostics: diagnostics)
    }

    /// Runs until `input` ends and every message has its answer, then deletes the session.
    public func run(_ input: AsyncStream<StdioLine>) async {
        await withTaskGroup(of: Void.self) { group in
            for await line in input {
                switch line {
                case .oversized(let bytes):
                    diagnostics("Refused a message of \(bytes) bytes from the client (at most \(Self.maximumMessage) are taken).")
                    output(
                        JSONRPCMessage.error(
                            id: nil, code: JSONRPCMessage.invalidRequest,
                            message: "Message too large: \(bytes) bytes (at most \(Self.maximumMessage))."))
                case .message(let text):
                    guard let message = JSONRPCMessage(text) else {
                        diagnostics("Refused a message from the client that is not JSON.")
                        output(JSONRPCMessage.error(id: nil, code: JSONRPCMessage.parseError, message: "Parse error: not a JSON message."))
                        continue
                    }
                    // The session starts with initialize's answer: what follows waits for it. Notifications (and answers to
                    // the server) go in the order they came, before anything read after them; requests run side by side.
                    if message.method == "initialize" { await group.waitForAll() }
                    if message.id == nil || message.method == "initialize" {
                        await forward(message)
                    } else {
                        group.addTask { await self.forward(message) }
                    }
                }
            }
        }
        await endSession()
    }

    func forward(_ message: JSONRPCMessage) async {
        let events = EventStreamReader(limit: Self.maximumAnswer)
        // Initialize's answer waits until the server's own stream is open (`openServerStream`); others go as they come.
        let held = message.method == "initialize" ? HeldItems() : nil
        let answer: InvokeResult
        do {
            answer = try await send(message) { chunk in
                let items = events.feed(chunk)
                if let held { held.add(items) } else { self.deliver(items, answering: message) }
            }
        } catch {
            diagnostics("\(error)")
            if let id = message.id { output(JSONRPCMessage.error(id: id, code: JSONRPCMessage.internalError, message: "\(error)")) }
            return
        }
        for warning in answer.warnings { diagnostics(warning) }
        let response = answer.response
        if let id = response.header("Mcp-Session-Id") { session.withLock { $0.id = id } }
        guard response.status < 400 else {
            if response.status == 404 { session.withLock { $0.id = nil } }
            let problem = MCPAnswerProblem.describe(response, linkName: linkName)
            diagnostics(problem)
            if let id = message.id { output(JSONRPCMessage.error(id: id, code: JSONRPCMessage.internalError, message: problem)) }
            return
        }
        if held != nil { await openServerStream() }
        let early = held?.all ?? []
        if response.contentType.hasPrefix("text/event-stream") {
            deliver(early + events.finish() + ServerSentEvents.messages(in: response.body, limit: Self.maximumAnswer), answering: message)
        } else if !response.body.isEmpty {
            deliver(early + [.message(response.body)], answering: message)
        }
    }

    /// The message POSTed through the connection; when it is not signed in, once more after the one shared sign-in.
    private func send(_ message: JSONRPCMessage, chunks: @escaping @Sendable (Data) async -> Void) async throws -> InvokeResult {
        let post = { [self] in
            try await invoker.invoke(linkName, request(method: "POST", body: message.line), eventStream: chunks)
        }
        do {
            return try await post()
        } catch let error where SharedSignIn.isNeeded(for: error) {
            guard await signIn.signIn() else { throw error }
            return try await post()
        }
    }

    /// Each message of an answer to stdout as one line, as it arrives; what is not JSON, or too large, becomes an error
    /// for the request.
    private func deliver(_ items: [ServerSentEvents.Item], answering message: JSONRPCMessage) {
        for item in items {
            switch item {
            case .message(let body):
                guard let answer = JSONRPCMessage(body) else {
                    diagnostics("The MCP server sent an answer that is not JSON.")
                    if let id = message.id {
                        output(
                            JSONRPCMessage.error(
                                id: id, code: JSONRPCMessage.internalError, message: "The MCP server's answer was not JSON."))
                    }
                    continue
                }
                if message.method == "initialize" { rememberProtocolVersion(answer.line) }
                output(answer.line)
            case .oversized(let bytes):
                let problem = "The MCP server sent a message of \(bytes) bytes or more (at most \(Self.maximumAnswer) are taken)."
                diagnostics(problem)
                if let id = message.id { output(JSONRPCMessage.error(id: id, code: JSONRPCMessage.internalError, message: problem)) }
            }
        }
    }

    private func rememberProtocolVersion(_ answer: Data) {
        let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any]
        guard let version = (object?["result"] as? [String: Any])?["protocolVersion"] as? String else { return }
        session.withLock { $0.protocolVersion = version }
    }

    func request(method: String, body: Data?) -> APIRequest {
        var headers = [KeyValue("Accept", "application/json, text/event-stream")]
        if body != nil { headers.append(KeyValue("Content-Type", "application/json")) }
        let current = session.withLock { $0 }
        if let id = current.id { headers.append(KeyValue("Mcp-Session-Id", id)) }
        if let version = current.protocolVersion { headers.append(KeyValue("MCP-Protocol-Version", version)) }
        return APIRequest(url: endpoint, method: method, headers: headers, body: body, timeout: timeout)
    }

    /// The streamable HTTP transport's end of a session: a DELETE with its id (a 405 says the server keeps none).
    private func endSession() async {
        await closeServerStream()
        guard session.withLock({ $0.id }) != nil else { return }
        do {
            _ = try await invoker.invoke(linkName, request(method: "DELETE", body: nil))
        } catch {
            diagnostics("The MCP session was not ended at the server: \(error)")
        }
    }
}

/// An SSE answer parsed as its bytes arrive, from the HTTP client's event loop.
final class EventStreamReader: Sendable {
    private let events: Mutex<ServerSentEvents>

    init(limit: Int) { events = Mutex(ServerSentEvents(limit: limit)) }

    func feed(_ bytes: Data) -> [ServerSentEvents.Item] { events.withLock { $0.feed(bytes) } }

    func finish() -> [ServerSentEvents.Item] { events.withLock { $0.finish() } }
}

/// An answer's messages kept back until they may go.
final class HeldItems: Sendable {
    private let items = Mutex<[ServerSentEvents.Item]>([])

    func add(_ more: [ServerSentEvents.Item]) { items.withLock { $0 += more } }

    var all: [ServerSentEvents.Item] { items.withLock { $0 } }
}
