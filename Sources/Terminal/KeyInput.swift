/// A key press as the app sees it, decoded from ncurses; `resize` means the screen size changed.
public enum KeyInput: Sendable, Equatable, Hashable {
    case character(Character)
    case up, down, left, right
    case tab, backTab, enter, escape, backspace
    case pageUp, pageDown, home, end
    case resize
}
