/// The characters widgets draw with, in a Unicode set and an ASCII set for `LANG=C` terminals.
public struct Glyphs: Sendable, Equatable {
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    public var horizontal: Character
    public var vertical: Character
    public var teeLeft: Character
    public var teeRight: Character
    /// Done, safe, healthy.
    public var check: Character
    /// Failed, unsafe.
    public var cross: Character
    /// Needs review, degraded.
    public var warn: Character
    /// The current step or the selected row.
    public var pointer: Character
    public var ellipsis: String
    /// Bar heights from lowest to full, eight levels.
    public var chartBlocks: [Character]
    /// The dashed line a threshold is drawn with.
    public var chartThreshold: Character

    public static let unicode = Glyphs(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│",
        teeLeft: "├", teeRight: "┤",
        check: "✓", cross: "✗", warn: "▲", pointer: "▶", ellipsis: "…",
        chartBlocks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], chartThreshold: "╌")

    public static let ascii = Glyphs(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|",
        teeLeft: "+", teeRight: "+",
        check: "v", cross: "x", warn: "!", pointer: ">", ellipsis: "...",
        chartBlocks: ["_", ".", ",", "-", "~", "=", "*", "#"], chartThreshold: "-")

    /// Unicode when the locale encodes UTF-8 (the Terminal target can tell), else ASCII.
    public static func forLocale(utf8: Bool) -> Glyphs { utf8 ? .unicode : .ascii }
}
