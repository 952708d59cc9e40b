import Foundation
import Synchronization

/// The wait for the browser's redirect: a loopback listener that checks each callback against the sign-in in
/// progress, raced against the user pasting the redirect URL (or the code) into the terminal.
final class RedirectWait: @unchecked Sendable {
    enum Answer: Sendable {
        case callback([String: String])
        case pasted(String)
    }

    private struct Judge {
        var check: (@Sendable ([String: String]) throws -> Void)?
        var refusals = 0
    }

    private let judge = Mutex(Judge())
    private var listener: LoopbackListener?
    var redirectURI: String { listener?.redirectURI ?? "" }

    /// `events` hears of each callback refused for carrying another sign-in's state.
    static func listen(port: Int, serviceName: String, events: @escaping @Sendable (AuthorizationEvent) -> Void) async throws
        -> RedirectWait
    {
        let wait = RedirectWait()
        wait.listener = try await LoopbackListener.start(port: port) { [wait] query in
            guard let check = wait.judge.withLock({ $0.check }) else {
                return CallbackPage(success: false, message: "No sign-in is in progress.", refused: true)
            }
            do {
                try check(query)
                return CallbackPage(success: true, message: "\(serviceName) is connected.")
            } catch ConnectError.stateMismatch {
                let count = wait.judge.withLock { judge in
                    judge.refusals += 1
                    return judge.refusals
                }
                events(
                    .warning(
                        "Refused a redirect that was not this sign-in's (its state differs; \(count) so far). Still waiting for the real "
                            + "one."
                    ))
                return CallbackPage(
                    success: false,
                    message:
                        "This is not the sign-in in progress (its state differs), so it was ignored. Finish the sign-in you started in "
                        + "the terminal.",
                    refused: true)
            } catch {
                return CallbackPage(success: false, message: String(describing: error))
            }
        }
        return wait
    }

    /// How a callback is judged for the page the browser shows; set once the request is known.
    func expect(_ check: @escaping @Sendable ([String: String]) throws -> Void) {
        judge.withLock { $0.check = check }
    }

    func close() { listener?.close() }

    /// Whichever comes first: the browser's redirect, or a paste that `parsePasted` accepts. A browser command that
    /// fails ends the wait at once when nothing can be pasted (else it is reported, and the paste awaited).
    func answer(
        options: ConnectOptions, browser: BrowserLauncher.Launched?, events: @escaping @Sendable (AuthorizationEvent) -> Void,
        parsePasted: @escaping @Sendable (String) throws -> String
    ) async throws -> Answer {
        guard let listener else { throw ConnectError.cancelled }
        let timeout = options.timeout
        return try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask { .callback(try await listener.callback(timeout: timeout)) }
            if let browser {
                let canPaste = options.pasted != nil
                group.addTask {
                    let status = try await browser.exit.value()
                    guard status != 0 else { return nil }
                    if !canPaste { throw ConnectError.browserFailed(name: browser.name, status: Int(status)) }
                    events(
                        .warning(
                            "\(browser.name) could not open the browser (exit status \(status)). Open the URL yourself and paste where it "
                                + "ends up."
                        ))
                    return nil
                }
            }
            if let pasted = options.pasted {
                group.addTask { try await Self.pastedAnswer(pasted, events: events, parse: parsePasted).map(Answer.pasted) }
            }
            defer {
                group.cancelAll()
                listener.close()
            }
            while let answer = try await group.next() {
                if let answer { return answer }
            }
            throw ConnectError.cancelled
        }
    }

    /// Reads pastes until one is this sign-in's; another sign-in's redirect (or one without a code) is refused and asked
    /// for again. Nil when nothing more will be pasted.
    static func pastedAnswer(
        _ read: @escaping @Sendable () async -> String?, events: @escaping @Sendable (AuthorizationEvent) -> Void,
        parse: @escaping @Sendable (String) throws -> String
    ) async throws -> String? {
        while let text = await read() {
            do {
                return try parse(text)
            } catch ConnectError.stateMismatch, ConnectError.callbackMissingCode {
                events(
                    .pasteRejected(
                        "That is not the address this sign-in ends on (its state differs, or it has no code). Paste the whole URL from "
                            + "the browser's address bar."
                    ))
            }
        }
        return nil
    }
}
