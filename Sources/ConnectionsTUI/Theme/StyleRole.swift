/// What a cell means; a theme says how each meaning looks.
public enum StyleRole: String, CaseIterable, Sendable {
    case normal
    case header
    case border
    case dim
    case tabActive = "tab.active"
    case tabInactive = "tab.inactive"
    case selection
    case label
    case field
    case fieldFocused = "field.focused"
    case fieldError = "field.error"
    case button
    case buttonFocused = "button.focused"
    case statusConnected = "status.connected"
    case statusNotConnected = "status.not_connected"
    case statusExpired = "status.expired"
    case statusNeedsReconnect = "status.needs_reconnect"
    case statusDisconnected = "status.disconnected"
    case statusBar = "status_bar"
    case statusBarError = "status_bar.error"
    case codeText = "code.text"
    case codeKeyword = "code.keyword"
    case codeString = "code.string"
    case codeNumber = "code.number"
    case codeComment = "code.comment"
    case help
    case helpKey = "help.key"
}
