import ConnectionsCore
import Foundation

/// "Try it": the request builder's request, as the snippet shows it.
func tryItRequest(_ detail: DetailState) -> APIRequest {
    ConnectionForms.apiRequest(from: detail.request)
}

/// Commands while an answer is shown or awaited: back cancels or closes, the arrows scroll. Nil lets the page run it.
func pressInTryIt(_ detail: inout DetailState, _ command: Command?) -> [Effect]? {
    guard let tryIt = detail.tryIt else { return nil }
    if command == .back {
        if tryIt.running { return [.cancelTryIt(detail.connection.linkName)] }
        detail.enter(.answer(nil))
        return []
    }
    guard [.down, .up, .pageDown, .pageUp].contains(command) else { return nil }
    let step = command == .down ? 1 : command == .up ? -1 : command == .pageDown ? 10 : -10
    let lines = tryIt.response?.lines.count ?? 0
    var scrolled = tryIt
    scrolled.scroll = min(max(0, tryIt.scroll + step), max(0, lines - 1))
    detail.enter(.answer(scrolled))
    return []
}
