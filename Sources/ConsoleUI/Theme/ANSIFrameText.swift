/// A Frame as text with SGR escapes, for `themes --preview` in a plain terminal (no curses needed).
/// The same role → style mapping as the curses backend; in `.none` only bold, underline and reverse.
public enum ANSIFrameText {
    public static func text(_ frame: Frame, theme: Theme, mode: ColorMode) -> String {
        let styles = theme.terminalStyles(for: mode)
        var output = ""
        for y in 0..<frame.size.height {
            var current: String?
            for x in 0..<frame.size.width {
                let cell = frame[x, y]
                let sgr = self.sgr(styles[cell.style.role] ?? TerminalRoleStyle(), cell: cell.style)
                if sgr != current { output += sgr; current = sgr }
                output.append(cell.character)
            }
            output += "\u{1b}[0m\n"
        }
        return output
    }

    /// One complete SGR sequence (starting from a reset) for a role as drawn with a cell's own attributes.
    public static func sgr(_ role: TerminalRoleStyle, cell: Style = .text) -> String {
        var codes = ["0"]
        if role.bold || cell.bold { codes.append("1") }
        if role.underline || cell.underline { codes.append("4") }
        // A cell's reverse flips the role's, as in the curses backend.
        if role.reverse != cell.reverse { codes.append("7") }
        codes += color(role.fg, rgb: role.fgRGB, base: 30, bright: 90, extended: 38)
        codes += color(role.bg, rgb: role.bgRGB, base: 40, bright: 100, extended: 48)
        return "\u{1b}[" + codes.joined(separator: ";") + "m"
    }

    static func color(_ index: Int16, rgb: UInt32?, base: Int, bright: Int, extended: Int) -> [String] {
        if let rgb { return ["\(extended);2;\(rgb >> 16 & 0xff);\(rgb >> 8 & 0xff);\(rgb & 0xff)"] }
        switch index {
        case ..<0: return []
        case 0..<8: return [String(base + Int(index))]
        case 8..<16: return [String(bright + Int(index) - 8)]
        default: return ["\(extended);5;\(index)"]
        }
    }
}
