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
        func button(_ command: Command, _ words: String) -> String { "[\(keymap.key(for: command, in: [.connecting]))] " + words }
        var keys = wait.url == nil ? [] : [button(.copyURL, wait.userCode == nil ? "copy URL" : "copy verification URL")]
        if wait.userCode != nil { keys.append(button(.copyUserCode, "copy code")) }
        // In the paste field, Enter and Esc are the field's own keys.
        if wait.url != nil, wait.userCode == nil {
            keys.append(wait.paste == nil ? button(.pasteRedirect, "paste redirect") : "[enter] submit  [esc] close the field")
        }
        if wait.paste == nil { keys.append(button(.cancelConnect, "cancel")) }
        grid.write(keys.joined(separator: "  "), x: 2, y: bottom, role: .button)
    }
}
