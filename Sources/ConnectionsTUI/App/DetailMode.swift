/// What has the keys on a connection's page. Try it's answer is kept inside the modes it can stay open under, and
/// comes back when a sign-in, the credentials form or a question ends.
public indirect enum DetailMode: Equatable, Sendable {
    /// The page's commands have the keys; `answer` is Try it's answer, or its wait, when one is open.
    case page(answer: TryItState?)
    /// Keys go to the request builder's fields; an open answer stays shown below them.
    case editingRequest(answer: TryItState?)
    /// The next key answers the question; then the page is as it was (`over`).
    case confirming(Confirmation, over: DetailMode)
    /// The connection is being authorized: the wait's panel replaces the request and the answer until it ends.
    case connecting(ConnectWait, answer: TryItState?)
    /// API key or Basic values being typed, in place of the request and the answer.
    case credentials(Form, answer: TryItState?)

    /// The keymap contexts whose bindings work in this mode, the first that binds a key winning: key dispatch, the
    /// status bar's hints and clicks on the page all read this list.
    public var contexts: [KeyContext] {
        switch self {
        case .page: [.detail, .list, .global]
        // Typed keys go to the field first: of the page's keys only those that cannot be typed (ctrl+t) reach it.
        case .editingRequest: [.request, .form, .global, .detail]
        case .confirming: [.confirm]
        case .connecting(let wait, _) where wait.paste != nil: [.redirect]
        case .connecting: [.connecting, .global]
        case .credentials: [.form, .global]
        }
    }

    /// Try it's answer (or its wait), wherever this mode keeps it.
    public var answer: TryItState? {
        switch self {
        case .page(let answer), .editingRequest(let answer), .connecting(_, let answer), .credentials(_, let answer): answer
        case .confirming(_, let over): over.answer
        }
    }

    /// The sign-in in progress, also under a question.
    public var wait: ConnectWait? {
        switch self {
        case .connecting(let wait, _): wait
        case .confirming(_, let over): over.wait
        default: nil
        }
    }

    /// The one place the mode changes: the mode after `step`. A step that does not apply leaves the mode as it is.
    func after(_ step: DetailStep) -> DetailMode {
        switch (self, step) {
        case (.confirming(let question, let over), _):
            switch step {
            case .answered: return over
            case .ask: return self
            default: return .confirming(question, over: over.after(step))
            }
        case (_, .ask(let question)): return .confirming(question, over: self)
        case (.page(let answer), .editRequest): return .editingRequest(answer: answer)
        case (.editingRequest(let answer), .leaveRequest): return .page(answer: answer)
        case (.page(let answer), .connecting(let wait)), (.editingRequest(let answer), .connecting(let wait)),
            (.connecting(_, let answer), .connecting(let wait)):
            return .connecting(wait, answer: answer)
        case (.connecting(_, let answer), .connectEnded): return .page(answer: answer)
        case (.credentials(_, let answer), .connectEnded(succeeded: true)): return .page(answer: answer)
        case (.page(let answer), .credentials(let form?)), (.editingRequest(let answer), .credentials(let form?)),
            (.credentials(_, let answer), .credentials(let form?)):
            return .credentials(form, answer: answer)
        case (.credentials(_, let answer), .credentials(nil)): return .page(answer: answer)
        case (.page, .answer(let answer)): return .page(answer: answer)
        case (.editingRequest, .answer(let answer)): return .editingRequest(answer: answer)
        case (.connecting(let wait, _), .answer(let answer)): return .connecting(wait, answer: answer)
        case (.credentials(let form, _), .answer(let answer)): return .credentials(form, answer: answer)
        default: return self
        }
    }
}

/// Every way a connection page's mode changes.
enum DetailStep: Equatable, Sendable {
    case editRequest, leaveRequest
    case ask(Confirmation), answered
    /// Starts the sign-in, or moves its wait on.
    case connecting(ConnectWait)
    /// The sign-in or the stored credentials ended; a failed store keeps the form open to correct.
    case connectEnded(succeeded: Bool)
    /// Opens or edits the credentials form; nil closes it.
    case credentials(Form?)
    /// Opens, updates or closes (nil) Try it's answer, wherever the mode keeps it.
    case answer(TryItState?)
}

extension DetailState {
    /// True while keys go to the request builder's fields.
    public var editing: Bool { if case .editingRequest = mode { true } else { false } }
    /// The question the next key answers.
    public var confirming: Confirmation? { if case .confirming(let question, _) = mode { question } else { nil } }
    /// The sign-in in progress.
    public var connecting: ConnectWait? { mode.wait }
    /// The credentials form, while it is open.
    public var credentials: Form? { if case .credentials(let form, _) = mode { form } else { nil } }
    /// Try it's answer or its wait.
    public var tryIt: TryItState? { mode.answer }
}
