import ConnectionsCore
import Foundation

public enum Tab: Int, CaseIterable, Sendable {
    case myConnections, pickService, customService

    public var title: String {
        switch self {
        case .myConnections: "My Connections"
        case .pickService: "Pick Your Service"
        case .customService: "Custom Service"
        }
    }
}

/// A filterable list's selection and filter.
public struct ListState: Equatable, Sendable {
    public var selected = 0
    public var filter = TextField()
    public var filtering = false

    mutating func move(by delta: Int, count: Int) {
        selected = count == 0 ? 0 : min(max(0, selected + delta), count - 1)
    }
}

/// A connection's page: what it is, and the request its snippet shows.
public struct DetailState: Equatable, Sendable {
    public var connection: Connection
    public var service: Service
    public var request: Form
    public var language: SnippetLanguage = .deluge
    /// First line of the code box shown; the snippet scrolls when it is taller than the screen.
    public var codeScroll = 0
    /// What has the keys; changed only by `enter`.
    public private(set) var mode = DetailMode.page(answer: nil)

    public init(connection: Connection, service: Service, request: Form) {
        self.connection = connection
        self.service = service
        self.request = request
    }

    /// Changes the mode by `step`, the only way it changes.
    mutating func enter(_ step: DetailStep) {
        mode = mode.after(step)
    }

    public var deleteRevokesFirst: Bool { Authorizer.deleteRevokesFirst(connection, service: service) }

    /// Whether there is anything to revoke: tokens or credentials stored here.
    public var canRevoke: Bool { connection.tokens != nil || !connection.credentials.isEmpty }
}

/// A connection page's request and snippet language, kept when the page is left.
public struct RequestDraft: Equatable, Sendable {
    public var request: Form
    public var language: SnippetLanguage
}

/// An action that asks first, because it cannot be undone or ends something in progress.
public enum Confirmation: Equatable, Sendable {
    case delete, revoke, quitWhileConnecting
}

/// The wait for the browser or the device code: what to show and what the user can copy or paste.
public struct ConnectWait: Equatable, Sendable {
    public var message: String
    /// The sign-in URL (authorization code) or verification URL (device code) to open.
    public var url: String?
    public var userCode: String?
    /// Non-nil while the user types or pastes the redirect URL.
    public var paste: TextField?
    /// Said when connecting ends: connected, but something is missing.
    public var warning: String?

    public init(message: String, url: String? = nil, userCode: String? = nil) {
        self.message = message
        self.url = url
        self.userCode = userCode
    }
}

/// "Try it": the request in flight, or its answer.
public struct TryItState: Equatable, Sendable {
    public var running = true
    public var response: TryItResponse?
    /// First line of the answer shown.
    public var scroll = 0
}

/// An answer made ready for the screen off the UI thread: the status line and headers, and the body as lines
/// (JSON pretty-printed).
public struct TryItResponse: Equatable, Sendable {
    public var summary: String
    public var isError: Bool
    public var headers: [String]
    public var bodyLines: [String]
    public var isJSON: Bool

    public init(summary: String, isError: Bool, headers: [String] = [], bodyLines: [String] = [], isJSON: Bool = false) {
        self.summary = summary
        self.isError = isError
        self.headers = headers
        self.bodyLines = bodyLines
        self.isJSON = isJSON
    }

    /// The body, then a blank line and the headers: on a short screen the body is what shows.
    public var lines: [String] { bodyLines + (headers.isEmpty || bodyLines.isEmpty ? [] : [""]) + headers }
}

public struct NewConnectionState: Equatable, Sendable {
    public var service: Service
    public var form: Form
    /// False once the user edits the link name: it stops following the name.
    public var linkFollowsName = true
    /// Set when the form edits this existing connection instead of creating one.
    public var editing: String?
    /// The page the edit came from; its request builder is still there after saving or going back.
    public var returnTo: DetailState?
    /// The form as opened: typed work is what differs from it.
    public var baseline: [String: String]
    /// Esc was pressed with typed work: the next key says whether to discard it.
    public var confirmingDiscard = false

    public init(service: Service, form: Form) {
        self.service = service
        self.form = form
        baseline = form.snapshot
    }

    public var hasTypedWork: Bool { form.snapshot != baseline }
}

public enum Screen: Equatable, Sendable {
    case main
    case newConnection(NewConnectionState)
    case detail(DetailState)
}

public struct StatusLine: Equatable, Sendable {
    public var text: String
    public var isError: Bool
}

struct PlacedMessage: Equatable, Sendable {
    var line: StatusLine
    var place: MessagePlace
}

/// Where a message was made: a tab's own screen, or a page.
public enum MessagePlace: Equatable, Sendable {
    case tab(Tab)
    case newConnection(service: String)
    case detail(link: String)
}

/// Everything the screen shows; changed only by `update`.
public struct AppState: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var tab: Tab = .myConnections
    public var screen: Screen = .main
    public var connections: [ConnectionSummary] = [] {
        didSet {
            connectionKeys = SearchKeys(connections.lazy.map { $0.name + "\u{1}" + $0.linkName + "\u{1}" + $0.serviceLinkName })
            refilterConnections()
        }
    }
    public var connectionsLoad = ConnectionsLoad.notYet
    /// Each connection's request builder as last left, for this session: coming back to a page finds it.
    public var requestDrafts: [String: RequestDraft] = [:]
    /// Where the store stood at the last read; nil until the list is loaded.
    public var changeMark: ChangeMark?
    /// A change check is running: no other starts until its answer comes.
    public var checkingForChanges = false
    /// Another process announced a change while a check ran: the next check starts as soon as this one ends.
    public var changeAnnounced = false
    public var services: [Service] = [] {
        didSet { refilterServices() }
    }
    public var connectionList = ListState() {
        didSet { if connectionList.filter.text != connectionFilter.query { refilterConnections() } }
    }
    public var serviceList = ListState() {
        didSet { if serviceList.filter.text != serviceFilter.query { refilterServices() } }
    }
    /// Pick Your Service shows only this category and this auth type when set (`c` and `a` step through them).
    public var serviceKinds = ServiceFilter() {
        didSet { if serviceKinds != oldValue { refilterServices() } }
    }
    /// Lower-cased search text per connection, made once per load rather than per keystroke.
    private var connectionKeys = SearchKeys()
    private var connectionFilter = FilterCache()
    private var serviceFilter = FilterCache()
    public var serviceForm: Form = ServiceForm.make(auth: .oauth2)
    /// Set when the Custom Service form edits an existing service (its link name cannot change).
    public var editingService: String?
    /// What discovery found for the form: the base of the save, carrying what the form does not show.
    public var discoveredService: Service?
    /// The URL discovery is reading now: Esc stops it, and an answer that comes after that is dropped.
    public var discovering: String?
    /// Connections checked this session with `v`, by link name: running, or how it ended.
    public var checks: [String: ConnectionCheck] = [:]
    /// The client authentication methods its server offers, for registering a client on save.
    public var discoveredAuthMethods: [String] = []
    /// The form as last saved or loaded: typed work is what differs from it.
    public var serviceFormBaseline = ServiceForm.make(auth: .oauth2).snapshot
    /// The link name is derived from the whole name until the user edits the link name itself.
    public var serviceLinkFollowsName = true
    /// Esc was pressed on a form holding unsaved work: the next key says whether to discard it.
    public var confirmingDiscard = false

    public var serviceFormHasUnsavedWork: Bool { serviceForm.snapshot != serviceFormBaseline }

    /// An empty Custom Service form, nothing typed.
    public mutating func resetServiceForm() {
        serviceForm = ServiceForm.make(auth: .oauth2)
        serviceFormBaseline = serviceForm.snapshot
        editingService = nil
        discoveredService = nil
        serviceLinkFollowsName = true
    }
    public var showHelp = false
    /// The first line of the help overlay shown.
    public var helpScroll = 0
    /// The message or question of this moment, shown only on the screen where it was made; the next key, click or
    /// paste clears it (one that answers a question sets the answer's own).
    public var status: StatusLine? {
        get { message.flatMap { $0.place == place ? $0.line : nil } }
        set { message = newValue.map { PlacedMessage(line: $0, place: place) } }
    }
    private var message: PlacedMessage?

    public var place: MessagePlace {
        switch screen {
        case .main: .tab(tab)
        case .newConnection(let new): .newConnection(service: new.service.linkName)
        case .detail(let detail): .detail(link: detail.connection.linkName)
        }
    }
    public var now = Date()
    public var keymap = Keymap.standard
    public var quitting = false
    /// Quitting would lose work (`workLostByQuitting`): the next key says whether to quit.
    public var confirmingQuit = false

    /// What quitting now would lose, if anything: a form's typed work, or the answer Try it waits for.
    public var workLostByQuitting: String? {
        if case .detail(let detail) = screen, detail.tryIt?.running == true { return "the answer Try it is waiting for" }
        if case .newConnection(let new) = screen, new.hasTypedWork { return "what you typed in this form" }
        if serviceFormHasUnsavedWork { return "what you typed in the Custom Service form" }
        return nil
    }

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The connections the filter lets through, computed when the list or the filter changes, not when drawn.
    public var visibleConnections: FilteredList<ConnectionSummary> { FilteredList(base: connections, chosen: connectionFilter.indices) }

    /// How many connections the store holds, also while only the first screenful is here.
    public var connectionTotal: Int {
        if case .firstPage(let total) = connectionsLoad { return total }
        return connections.count
    }

    public var visibleServices: FilteredList<Service> { FilteredList(base: services, chosen: serviceFilter.indices) }

    private mutating func refilterConnections() {
        let query = connectionList.filter.text
        connectionFilter = FilterCache(query: query, indices: query.isEmpty ? nil : connectionKeys.matching(query))
    }

    private mutating func refilterServices() {
        let query = serviceList.filter.text
        var indices = query.isEmpty ? nil : SearchKeys(services.lazy.map { $0.name + "\u{1}" + $0.linkName }).matching(query)
        if serviceKinds != ServiceFilter() {
            indices = (indices ?? Array(services.indices)).filter { serviceKinds.admits(services[$0]) }
        }
        serviceFilter = FilterCache(query: query, indices: indices)
    }
}

/// How much of the store `connections` holds.
public enum ConnectionsLoad: Equatable, Sendable {
    case notYet
    /// The first screenful, while the rest load.
    case firstPage(total: Int)
    case complete
}

/// The filter last applied and what it let through (nil: everything).
struct FilterCache: Equatable, Sendable {
    var query = ""
    var indices: [Int]?
}

/// A list seen through a filter, without copying its elements.
public struct FilteredList<Element>: RandomAccessCollection {
    let base: [Element]
    /// Positions in `base` that pass the filter; nil when all do.
    let chosen: [Int]?

    public var startIndex: Int { 0 }
    public var endIndex: Int { chosen?.count ?? base.count }
    public subscript(position: Int) -> Element { base[chosen?[position] ?? position] }
}

/// A connection's check (`v`) as the list and the page show it.
public enum ConnectionCheck: Equatable, Sendable {
    case running
    case passed(account: String?)
    case failed(String)
}
