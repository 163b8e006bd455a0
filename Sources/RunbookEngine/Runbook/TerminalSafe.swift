import MigrationSafety

/// Text from outside the console (SQL, journal fields, argocd and git output, YAML descriptions) made
/// harmless for a terminal: the one sanitiser every printer and the screen use, so a journal line
/// carrying `ESC [ 2 J`, an OSC 52 clipboard write or a right-to-left override cannot act on the
/// reader's terminal. JSON output does not use it: JSON escapes its own strings exactly. Which scalars
/// count is MigrationSafety's `TerminalText.isUnsafe` (shared with check-migrations and the screen).
public enum TerminalSafe {
    /// `text` with every control a terminal would act on written as a visible escape: C0 controls
    /// (newline and tab kept when `keepLines`), DEL and C1 as `\x1B`, bidi controls as `\u{202E}`.
    public static func text(_ text: String, keepLines: Bool = true) -> String {
        // One walk over the scalars for every printer: MigrationSafety's, with this spelling of the escape.
        TerminalText.replacingUnsafe(in: text) { scalar in
            keepLines && (scalar == "\n" || scalar == "\t") ? String(scalar) : escaped(scalar)
        }
    }

    /// Whether a terminal would act on `scalar` rather than show it: C0, DEL, C1, and the bidi
    /// embeddings, overrides, isolates and marks that reorder what is shown around them.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { TerminalText.isUnsafe(scalar) }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
    }
}
