import ConnectionsCore
import Foundation

/// "Try it": the request builder's request, as the snippet shows it.
func tryItRequest(_ detail: DetailState) -> APIRequest {
    ConnectionForms.apiRequest(from: detail.request)
}

/// Keys while an answer is shown or awaited: Esc cancels or closes, arrows scroll. Nil lets the page handle the key.
func pressInTryIt(_ detail: inout DetailState, _ key: Key, command: Command?) -> [Effect]? {
    guard let tryIt = detail.tryIt else { return nil }
    if key == .escape {
        if tryIt.running { return [.cancelTryIt(detail.connection.linkName)] }
        detail.tryIt = nil
        return []
    }
    guard [.down, .up, .pageDown, .pageUp].contains(command) else { return nil }
    let step = command == .down ? 1 : command == .up ? -1 : command == .pageDown ? 10 : -10
    let lines = tryIt.response?.lines.count ?? 0
    detail.tryIt?.scroll = min(max(0, tryIt.scroll + step), max(0, lines - 1))
    return []
}
