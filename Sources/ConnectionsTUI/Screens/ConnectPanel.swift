import ConnectionsCore

/// The wait for the browser or the device code, drawn over the lower part of the connection's page.
enum ConnectPanel {
    static func draw(_ wait: ConnectWait, link: String, keymap: Keymap, into grid: inout Grid, top: Int, bottom: Int) {
        guard top <= bottom else { return }
        grid.fill(x: 0, y: top, width: grid.width, height: bottom - top + 1, role: .normal)
        grid.rule("── Connecting \(link) ", y: top, role: .border)
        var lines: [(String, StyleRole)] = WordWrap.lines(wait.message, width: grid.width - 4).map { ($0, .normal) }
        if let code = wait.userCode {
            lines.append(("", .normal))
            lines.append(("Code:  \(code)", .header))
        }
        if let url = wait.url {
            lines.append(("", .normal))
            lines += WordWrap.lines(url, width: grid.width - 4).map { ($0, .codeString) }
        }
        var y = top + 1
        for (text, role) in lines where y <= bottom - 2 {
            grid.write(text, x: 2, y: y, role: role)
            y += 1
        }
        if let field = wait.paste, y <= bottom - 1 {
            y += 1
            let end = grid.write("Redirect URL or code: ", x: 2, y: y, role: .label)
            FormView.drawLine(field, x: end, y: y, width: max(1, grid.width - end - 2), focused: true, into: &grid)
        }
        func button(_ command: Command, _ words: String, in context: KeyContext = .connecting) -> String {
            "[\(keymap.key(for: command, in: [context]))] " + words
        }
        // In the paste field only the field's own keys work: the copy key types itself there.
        var keys =
            wait.url == nil || wait.paste != nil ? [] : [button(.copyURL, wait.userCode == nil ? "copy URL" : "copy verification URL")]
        if wait.userCode != nil { keys.append(button(.copyUserCode, "copy code")) }
        if wait.url != nil, wait.userCode == nil {
            keys.append(
                wait.paste == nil
                    ? button(.pasteRedirect, "paste redirect")
                    : button(.submit, "submit", in: .redirect) + "  " + button(.back, "close the field", in: .redirect))
        }
        if wait.paste == nil { keys.append(button(.cancelConnect, "cancel")) }
        grid.write(keys.joined(separator: "  "), x: 2, y: bottom, role: .button)
    }
}
