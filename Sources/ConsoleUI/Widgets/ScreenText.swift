import RunbookEngine

/// Text made safe for one cell per character: no control characters (C0, DEL, C1, bidi: `TerminalSafe`'s),
/// no double-width characters, and only ASCII when the glyph set is ASCII (`LANG=C`), whatever the evidence says.
enum ScreenText {
    static func clean(_ text: String, _ glyphs: Glyphs) -> String {
        let ascii = glyphs.horizontal.isASCII
        // Printable ASCII needs nothing: checked on the bytes, which is far cheaper than on Characters.
        var printable = true
        for byte in text.utf8 where byte < 0x20 || byte > 0x7E {
            printable = false
            break
        }
        if printable { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isNewline || character == "\t" { out.append(" "); continue }
            if character.isASCII {
                let value = character.asciiValue ?? 32
                out.append(value < 32 || value == 127 ? " " : character)
                continue
            }
            if character.unicodeScalars.contains(where: TerminalSafe.isControl) { out.append(" "); continue }
            if let mapped = replacement(character, glyphs, ascii: ascii) { out += mapped; continue }
            out.append(ascii || isWide(character) ? "?" : character)
        }
        return out
    }

    /// The engine's texts use a few symbols; they read the same in either glyph set.
    private static func replacement(_ character: Character, _ glyphs: Glyphs, ascii: Bool) -> String? {
        switch character {
        case "✓": return String(glyphs.check)
        case "✗": return String(glyphs.cross)
        case "▲": return String(glyphs.warn)
        case "▶": return String(glyphs.pointer)
        case "…": return glyphs.ellipsis
        default: break
        }
        guard ascii else { return nil }
        switch character {
        case "—", "–", "─": return "-"
        case "→": return "->"
        case "←": return "<-"
        case "×": return "x"
        case "·", "•": return "*"
        case "‘", "’": return "'"
        case "“", "”": return "\""
        case "\u{A0}": return " "
        default: return nil
        }
    }

    /// East Asian wide and emoji characters take two cells in a terminal: they would shift the row.
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return false }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return true }
        switch scalar {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Word wrap to `width` columns; words longer than a line are broken. Always at least one line.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        var currentCount = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while word.count > width {
                if currentCount > 0 { lines.append(current); current = ""; currentCount = 0 }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if word.isEmpty { continue }
            let length = word.count
            if currentCount == 0 {
                current = String(word); currentCount = length
            } else if currentCount + 1 + length <= width {
                current += " " + word; currentCount += 1 + length
            } else {
                lines.append(current); current = String(word); currentCount = length
            }
        }
        if currentCount > 0 || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// `text` cut to `width` columns, ending in an ellipsis when something was cut.
    static func fit(_ text: String, width: Int, _ glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        let mark = glyphs.ellipsis.count < width ? glyphs.ellipsis : ""
        return String(text.prefix(width - mark.count)) + mark
    }

    /// Pads or cuts to exactly `width` columns.
    static func column(_ text: String, _ width: Int) -> String {
        let count = text.count
        if count >= width { return String(text.prefix(width)) }
        return text + String(repeating: " ", count: width - count)
    }
}
