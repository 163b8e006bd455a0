/// A run of text in one style.
struct Span: Equatable {
    var text: String
    var style: Style
    init(_ text: String, _ style: Style = .text) { self.text = text; self.style = style }
    init(_ text: String, _ role: StyleRole, bold: Bool = false) { self.init(text, Style(role, bold: bold)) }
}

/// One line of a pane: spans drawn left to right, cut with an ellipsis when too long.
struct TextLine: Equatable {
    var spans: [Span]
    init(_ spans: [Span] = []) { self.spans = spans }
    init(_ text: String, _ style: Style = .text) { self.spans = [Span(text, style)] }
    init(_ text: String, _ role: StyleRole, bold: Bool = false) { self.spans = [Span(text, role, bold: bold)] }

    static let blank = TextLine()

    var text: String { spans.map(\.text).joined() }

    mutating func append(_ text: String, _ style: Style = .text) { spans.append(Span(text, style)) }
    mutating func append(_ text: String, _ role: StyleRole, bold: Bool = false) { spans.append(Span(text, role, bold: bold)) }
}
