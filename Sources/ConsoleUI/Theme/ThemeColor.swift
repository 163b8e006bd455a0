/// A colour as a theme file names it; the terminal backend maps it to what the terminal can show.
public enum ThemeColor: Sendable, Equatable, Hashable {
    /// The terminal's own foreground or background.
    case `default`
    /// An index into the terminal palette: 0–7 the ANSI colours, 8–15 their bright variants, 16–255 xterm's cube and greys.
    case index(UInt8)
    /// A 24-bit colour, shown as the nearest palette entry unless the terminal does direct colour.
    case rgb(r: UInt8, g: UInt8, b: UInt8)

    /// The colour names a theme may use, in palette order (index 0–15).
    public static let names: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Reads `default`, a colour name (`grey`/`gray` mean bright-black), `0`–`255` or `#rrggbb`; nil otherwise.
    public init?(parsing text: String) {
        let value = String(text.filter { !$0.isWhitespace }).lowercased()
        if value == "default" { self = .default; return }
        if value == "grey" || value == "gray" { self = .index(8); return }
        if let position = Self.names.firstIndex(of: value) { self = .index(UInt8(position)); return }
        if let number = Int(value), (0...255).contains(number) { self = .index(UInt8(number)); return }
        if value.hasPrefix("#"), value.count == 7, let packed = UInt32(value.dropFirst(), radix: 16) {
            self = .rgb(r: UInt8(packed >> 16 & 0xff), g: UInt8(packed >> 8 & 0xff), b: UInt8(packed & 0xff))
            return
        }
        return nil
    }

    /// How a theme file would write this colour.
    public var text: String {
        switch self {
        case .default: "default"
        case .index(let index): index < 16 ? Self.names[Int(index)] : String(index)
        case let .rgb(r, g, b): "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}
