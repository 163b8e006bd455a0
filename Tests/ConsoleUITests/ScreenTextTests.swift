import Testing
@testable import ConsoleUI

/// The screen's sanitiser is check-migrations' (TerminalText): C1 controls and bidi overrides, which
/// the screen used to pass through, are blanks like ESC and BEL, one cell each.
@Test(arguments: ["\u{1B}[2J", "\u{07}", "\u{7F}", "\u{9B}", "\u{202E}", "\u{2067}", "\u{85}"])
func controlCharactersInEvidenceBecomeBlanks(_ control: String) {
    let cleaned = ScreenText.clean("DROP\(control)TABLE", .unicode)
    #expect(!cleaned.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
    #expect(cleaned.hasPrefix("DROP ") && cleaned.hasSuffix("TABLE"))
}
