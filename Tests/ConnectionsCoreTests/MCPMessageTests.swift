import Foundation
import Testing
@testable import ConnectionsCore

/// The bridge's pieces that need no server: JSON-RPC ids and errors, one line per message, HTTP errors in words.
@Suite struct MCPMessageTests {
    @Test func idsAreEchoedAsTheyCameAndMessagesKeepToOneLine() throws {
        let request = try #require(JSONRPCMessage(Data("{\"jsonrpc\":\"2.0\",\n\"id\":\"a\\\"b\",\"method\":\"tools/list\"}".utf8)))
        #expect(request.id == #""a\"b""# && request.method == "tools/list")
        #expect(!request.line.contains(UInt8(ascii: "\n")))
        let error = JSONRPCMessage.error(id: request.id, code: JSONRPCMessage.internalError, message: "Line\nbreak \"quoted\"")
        let parsed = try JSONSerialization.jsonObject(with: error) as? [String: Any]
        #expect(parsed?["id"] as? String == "a\"b")
        #expect((parsed?["error"] as? [String: Any])?["message"] as? String == "Line\nbreak \"quoted\"")
        #expect(!error.contains(UInt8(ascii: "\n")))
        #expect(JSONRPCMessage(Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))?.id == nil)
        #expect(JSONRPCMessage(Data(#"{"jsonrpc":"2.0","id":3,"result":{}}"#.utf8))?.id == nil, "an answer to the server is no request")
        #expect(JSONRPCMessage(Data("42".utf8)) == nil && JSONRPCMessage(Data("{".utf8)) == nil)
    }

    @Test func aMissingScopeIsNamedWithWhatToDo() {
        let challenge = KeyValue("WWW-Authenticate", #"Bearer error="insufficient_scope", scope="files:read files:write""#)
        let problem = MCPAnswerProblem.describe(HTTPResponse(status: 403, headers: [challenge], body: Data()), linkName: "mine")
        #expect(problem.contains("needs the scope files:read files:write") && problem.contains("connections connect mine"), "\(problem)")
        let refused = MCPAnswerProblem.describe(HTTPResponse(status: 401, headers: [], body: Data()), linkName: "mine")
        #expect(refused.contains("even after a refresh") && refused.contains("connections connect mine"))
    }
}
