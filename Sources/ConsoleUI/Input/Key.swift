/// A key as the console understands it. The Terminal target maps what ncurses decodes to this;
/// there are deliberately no Ctrl-letter keys (they fight tmux).
public enum Key: Sendable, Equatable {
    case character(Character)
    case up, down, left, right
    case tab, backTab
    case enter, escape, backspace
    case pageUp, pageDown, home, end
    /// The terminal changed size: nothing to decide, the loop re-renders.
    case resize
}

extension Character {
    /// What a typed-text field (the override's app name and reason, 3d's deferral reason) accepts:
    /// no newline, tab or control character reaches the journal from a keyboard.
    var isTypable: Bool {
        !isNewline && self != "\t" && unicodeScalars.first?.properties.generalCategory != .control
    }
}
