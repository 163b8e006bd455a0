/// Text from a migration (SQL, file and object names) made safe for a terminal: C0 and C1 control
/// characters, DEL, line/paragraph separators and bidirectional overrides never reach one as they are,
/// since they move the cursor, retitle the window, ring the bell or reorder what a person reads.
/// One definition for the console's screen (ConsoleUI) and check-migrations' text report.
public enum TerminalText {
    /// Whether a scalar must not reach a terminal as it is.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every unsafe scalar replaced by what `replacement` makes of it.
    public static func replacingUnsafe(in text: String, with replacement: (Unicode.Scalar) -> String) -> String {
        // Printable ASCII needs nothing: checked on the bytes, which is far cheaper than on scalars.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }), text.unicodeScalars.contains(where: isUnsafe) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) { out += replacement(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// For a line of a printed report: a tab reads as a space, anything else unsafe as a visible
    /// escape (`\x1b`, `\u202e`), so a person sees that something was there.
    public static func escaped(_ text: String) -> String {
        replacingUnsafe(in: text) { scalar in
            if scalar == "\t" { return " " }
            let digits = String(scalar.value, radix: 16)
            return scalar.value <= 0xFF
                ? "\\x" + String(repeating: "0", count: 2 - digits.count) + digits
                : "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}
