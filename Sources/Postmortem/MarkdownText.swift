import RunbookEngine

/// Journal strings in Markdown: every one is hostile. A control shows as a visible escape (TerminalSafe,
/// newlines too, so a field cannot start a heading or a list of its own), and every character Markdown
/// would act on mid-line (emphasis, links, HTML, tables, code) is backslash-escaped.
public enum MarkdownText {
    static let active: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "!", "{", "}"]

    public static func inline(_ text: String) -> String {
        var out = ""
        for character in TerminalSafe.text(text, keepLines: false) {
            if active.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
