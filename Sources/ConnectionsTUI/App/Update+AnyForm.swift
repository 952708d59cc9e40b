import ConnectionsCore

/// A form's command for a key. On a read-only row (the redirect URI, where to register) the copy keys copy it, as
/// its hint says.
func formCommand(_ keymap: Keymap, _ key: Key, focused: Form.Field?) -> Command? {
    if case .info = focused?.kind, keymap.command(for: key, in: [.detail]) == .copy { return .copy }
    return keymap.command(for: key, in: [.form, .global])
}

/// The copy effect for a read-only row: its text, named by its label.
func copyInfo(_ field: Form.Field?) -> [Effect] {
    guard let field, case .info(let text) = field.kind else { return [] }
    let what = field.id == "redirect_uri" ? "redirect URI" : field.label.prefix(1).lowercased() + field.label.dropFirst()
    return [.copy(text, what: what)]
}

/// What a key did in a form: typed into the field `edited`, answered as every form answers (the next or previous
/// field, where `move` also checks the field it leaves; showing a secret; copying a read-only row), or left a command
/// that is the form's own.
enum FormPress {
    case edited(String?)
    case answered([Effect])
    case command(Command?)
}

func press(_ key: Key, in form: inout Form, keymap: Keymap, move: (inout Form, Int) -> Void) -> FormPress {
    let focusedID = form.focused?.id
    if form.edit(key, keymap: keymap) { return .edited(focusedID) }
    let command = formCommand(keymap, key, focused: form.focused)
    switch command {
    case .nextField: move(&form, 1)
    case .previousField: move(&form, -1)
    case .reveal: revealFocused(&form)
    case .copy: return .answered(copyInfo(form.focused))
    default: return .command(command)
    }
    return .answered([])
}

/// After an edit of field `edited`: typing in the link name stops it following the name; typing in the name while it
/// follows fills it in from the name (and empties it with the name), avoiding the link names `taken`.
func followName(in form: inout Form, edited: String?, follows: inout Bool, fallback: String, taken: @autoclosure () -> Set<String>) {
    if edited == "link_name" { follows = false }
    guard edited == "name", follows else { return }
    let name = form.value("name"), taken = taken()
    form.setText("link_name", name.isEmpty ? "" : NameRules.deriveLinkName(from: name, fallback: fallback, taken: taken.contains))
}

/// ctrl+r on a secret field: shows or masks what was typed.
func revealFocused(_ form: inout Form) {
    guard let focused = form.focused, case .text(var field) = focused.kind, field.isSecret else { return }
    field.revealed.toggle()
    form.fields[form.focus].kind = .text(field)
}

extension StatusLine {
    /// Asked before typed work is dropped; `question` says what else a yes does.
    static func discardQuestion(_ keymap: Keymap, _ question: String = "Discard what you typed in this form?") -> StatusLine {
        StatusLine(text: "\(question) \(keymap.yes) discards it, any other key keeps it.", isError: true)
    }

    /// Any key but yes to the discard question.
    static let keptForm = StatusLine(text: "Kept the form.", isError: false)
}
