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

    /// A forged callback (another state, from another local process) is answered with a page and refused; the real
    /// one that follows is still taken. A POST is not a redirect.
    @Test func aForgedCallbackDoesNotEndTheWait() async throws {
        let listener = try await LoopbackListener.start(port: 0) { query in
            query["state"] == "real"
                ? CallbackPage(success: true, message: "ok") : CallbackPage(success: false, message: "not yours", refused: true)
        }
        async let waited = listener.callback(timeout: .seconds(30))
        let forged = try await get("\(listener.redirectURI)?code=evil&state=forged").get()
        #expect(forged.status == 400)
        #expect(String(decoding: forged.body, as: UTF8.self).contains("not yours"))
        let posted = try await HTTPClient().send(
            HTTPRequest(method: "POST", url: URL(string: "\(listener.redirectURI)?code=x&state=real")!, timeout: 5))
        #expect(posted.status == 405)
        let real = try await get("\(listener.redirectURI)?code=good&state=real").get()
        #expect(real.status == 200)
        #expect(try await waited == ["code": "good", "state": "real"])
    }

    /// A client that connects and sends nothing is disconnected after the idle time.
    @Test func idleConnectionsAreClosed() async throws {
        let listener = try await LoopbackListener.start(port: 0, idleSeconds: 1) { _ in CallbackPage(success: true, message: "") }
        defer { listener.close() }
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(listener.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        // A bound on the wait, not a synchronisation: the read returns when the server closes.
        var limit = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let started = Date()
        var byte: UInt8 = 0
        let read = recv(socket, &byte, 1, 0)
        #expect(read == 0, "the server closed the idle connection (read \(read), errno \(errno))")
        #expect(Date().timeIntervalSince(started) < 14)
    }
}
