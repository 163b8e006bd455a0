import Testing
import MigrationSafety

@Test(arguments: [("\u{1B}[2J", "\\x1b[2J"), ("bell\u{07}", "bell\\x07"), ("del\u{7F}", "del\\x7f"), ("\u{9B}31m", "\\x9b31m"),
                  ("\u{202E}txt.exe", "\\u202etxt.exe"), ("\u{2066}a\u{2069}", "\\u2066a\\u2069"), ("a\u{0}b", "a\\x00b"),
                  ("a\rb\nc", "a\\x0db\\x0ac"), ("a\u{2028}b", "a\\u2028b"), ("tab\there", "tab here")])
func controlCharactersAreEscapedVisibly(_ raw: String, _ shown: String) {
    #expect(TerminalText.escaped(raw) == shown)
}

@Test(arguments: ["DROP TABLE users", "café", "日本語のテーブル", "emoji 🙂", "‘quotes’ — dash"])
func printableTextIsLeftAlone(_ text: String) {
    #expect(TerminalText.escaped(text) == text)
}
