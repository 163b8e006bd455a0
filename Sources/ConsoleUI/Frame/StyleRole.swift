/// What a cell means, not what colour it is: only the terminal backend maps roles to colours.
public enum StyleRole: String, Sendable, Codable, CaseIterable {
    case text, muted, border, focusedBorder, title
    case ok, warn, danger, info, accent
    case selection, gateKey, gateBar, chartLine, chartThreshold, simulationBanner
}

/// A role plus the attributes that carry meaning even without colour.
public struct Style: Sendable, Equatable, Hashable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public init(_ role: StyleRole = .text, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse; self.underline = underline
    }
    public static let text = Style(.text)
}
