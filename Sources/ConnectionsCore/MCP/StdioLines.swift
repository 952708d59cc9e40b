import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Newline-delimited messages read from a file descriptor (the MCP stdio transport), on a thread of their own. A line
/// longer than `limit` is not kept: it is reported by its size once its end arrives, and reading goes on.
public enum StdioLine: Sendable, Equatable {
    case message(Data)
    case oversized(bytes: Int)
}

public enum StdioLines {
    public static func read(_ descriptor: Int32, limit: Int) -> AsyncStream<StdioLine> {
        AsyncStream { continuation in
            Thread.detachNewThread {
                var line: [UInt8] = [], dropped = 0
                var chunk = [UInt8](repeating: 0, count: 65_536)
                func finishLine() {
                    if dropped > 0 {
                        continuation.yield(.oversized(bytes: dropped))
                    } else if line.contains(where: { !Self.isWhitespace($0) }) {
                        continuation.yield(.message(Data(line)))
                    }
                    line.removeAll(keepingCapacity: true)
                    dropped = 0
                }
                while true {
                    let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    var start = 0
                    for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                        Self.append(chunk[start..<index], to: &line, dropped: &dropped, limit: limit)
                        finishLine()
                        start = index + 1
                    }
                    Self.append(chunk[start..<count], to: &line, dropped: &dropped, limit: limit)
                }
                if !line.isEmpty || dropped > 0 { finishLine() }
                continuation.finish()
            }
        }
    }

    private static func append(_ bytes: ArraySlice<UInt8>, to line: inout [UInt8], dropped: inout Int, limit: Int) {
        if dropped > 0 || line.count + bytes.count > limit {
            dropped += line.count + bytes.count
            line.removeAll()
        } else {
            line.append(contentsOf: bytes)
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
