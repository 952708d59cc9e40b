import Foundation

/// The streamable HTTP transport's GET stream: what the server sends outside any answer (a list that changed, a
/// request of its own), to stdout as it arrives.
extension MCPBridge {
    /// Opens the stream once the session has an id, and waits until the server has taken it (its answer's head, or
    /// its refusal), so that initialize's answer reaches the client only when nothing the server sends next can be
    /// missed. A 405 says the server offers none.
    func openServerStream() async {
        guard session.withLock({ $0.id }) != nil else { return }
        let opened = FirstResult<Void>()
        let started = serverStream.withLock { current -> Bool in
            guard current == nil else { return false }
            current = Task { await self.streamServerMessages(opened) }
            return true
        }
        guard started else { return }
        _ = try? await opened.value()
    }

    /// Stops the stream (before the session is deleted), and waits until nothing more comes from it.
    func closeServerStream() async {
        guard let task = serverStream.withLock({ $0 }) else { return }
        task.cancel()
        await task.value
    }

    private func streamServerMessages(_ opened: FirstResult<Void>) async {
        defer { _ = opened.finish(.success(())) }
        do {
            let workspace = invoker.workspace
            let connection = try workspace.connection(linkName)
            var (_, outgoing) = try Invoker.outgoing(
                request(method: "GET", body: nil), service: try workspace.service(connection.serviceLinkName), connection: connection)
            let events = EventStreamReader(limit: Self.maximumAnswer)
            outgoing.streamedAnswer = HTTPRequest.StreamedAnswer(
                takes: { (200..<300).contains($0) },
                head: { _, _ in _ = opened.finish(.success(())) },
                body: { chunk in self.deliverServerMessages(events.feed(chunk)) })
            let response = try await invoker.http.send(outgoing)
            if response.status == 405 {
                diagnostics("The MCP server keeps no stream of its own (GET answered 405): it speaks only in its answers.")
            } else if response.status >= 400 {
                diagnostics("The MCP server's own stream was refused: \(MCPAnswerProblem.describe(response, linkName: linkName))")
            } else {
                deliverServerMessages(events.finish())
            }
        } catch {
            if !Task.isCancelled { diagnostics("The MCP server's own stream ended: \(error)") }
        }
    }

    private func deliverServerMessages(_ items: [ServerSentEvents.Item]) {
        for item in items {
            switch item {
            case .message(let body):
                guard let message = JSONRPCMessage(body) else {
                    diagnostics("The MCP server sent a message on its own stream that is not JSON; it was dropped.")
                    continue
                }
                output(message.line)
            case .oversized(let bytes):
                diagnostics("The MCP server sent a message of \(bytes) bytes or more on its own stream; it was dropped.")
            }
        }
    }
}
