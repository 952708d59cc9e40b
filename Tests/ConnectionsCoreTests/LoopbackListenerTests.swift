import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct LoopbackListenerTests {
    func get(_ url: String) async -> Result<HTTPResponse, HTTPError> {
        do {
            return .success(try await HTTPClient().send(HTTPRequest(method: "GET", url: URL(string: url)!, timeout: 5)))
        } catch {
            return .failure(error)
        }
    }

    @Test func takesOneCallbackIgnoresOtherPathsThenCloses() async throws {
        let listener = try await LoopbackListener.start(port: 0) { query in
            CallbackPage(success: query["code"] != nil, message: "done")
        }
        #expect(listener.redirectURI.hasPrefix("http://127.0.0.1:"))
        let favicon = try await get("http://127.0.0.1:\(listener.port)/favicon.ico").get()
        #expect(favicon.status == 404)
        async let waited = listener.callback(timeout: .seconds(30))
        let first = try await get("\(listener.redirectURI)?code=abc&state=xyz").get()
        #expect(first.status == 200)
        #expect(String(decoding: first.body, as: UTF8.self).contains("return to the terminal"))
        #expect(try await waited == ["code": "abc", "state": "xyz"])
        // Refused, or (if a child process of this test run inherited the socket) answered as finished: never taken.
        if case .success(let response) = await get("\(listener.redirectURI)?code=second") {
            #expect(response.status == 410, "a second callback was accepted")
        }
    }

    @Test func bindsTheLoopbackAddressOnly() async throws {
        let listener = try await LoopbackListener.start(port: 0) { _ in CallbackPage(success: true, message: "") }
        defer { listener.close() }
        // procfs files report size 0: read to the end, not by size.
        let sockets = String(decoding: try #require(FileHandle(forReadingAtPath: "/proc/net/tcp")).readDataToEndOfFile(), as: UTF8.self)
        let hexPort = String(format: "%04X", listener.port)
        let line = sockets.split(separator: "\n").first { $0.contains(":\(hexPort) ") && $0.contains(" 0A ") }
        #expect(line?.contains("0100007F:\(hexPort)") == true, "\(line ?? "not listening")")
    }

    @Test func timesOut() async throws {
        let listener = try await LoopbackListener.start(port: 0) { _ in CallbackPage(success: true, message: "") }
        await #expect(throws: ConnectError.timedOut(seconds: 1)) { try await listener.callback(timeout: .seconds(1)) }
    }
}
