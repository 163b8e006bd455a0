/// Drawing helpers every widget uses: clean text, lines of spans, boxes with titles.
extension Frame {
    /// One cell, ignored outside the frame.
    mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        self[x, y] = cell
    }

    /// Writes one line of spans from (x, y), at most `width` cells, with an ellipsis when cut.
    /// Returns the x after the last cell written.
    @discardableResult
    mutating func draw(_ line: TextLine, x: Int, y: Int, width: Int, glyphs: Glyphs) -> Int {
        guard width > 0 else { return x }
        let clip = Rect(x: x, y: y, width: width, height: 1)
        var column = x
        var remaining = width
        let cleaned = line.spans.map { Span(ScreenText.clean($0.text, glyphs), $0.style) }
        let total = cleaned.reduce(0) { $0 + $1.text.count }
        let mark = glyphs.ellipsis
        let cut = total > width && mark.count < width
        if cut { remaining = width - mark.count }
        var lastStyle = Style.text
        for span in cleaned where remaining > 0 {
            let text = span.text.count > remaining ? String(span.text.prefix(remaining)) : span.text
            column = put(text, x: column, y: y, style: span.style, clip: clip)
            remaining -= text.count
            lastStyle = span.style
        }
        if cut { column = put(mark, x: column, y: y, style: lastStyle, clip: clip) }
        return column
    }

    /// Lines into an area, from `offset`, one per row.
    mutating func draw(_ lines: [TextLine], in area: Rect, offset: Int = 0, glyphs: Glyphs) {
        guard !area.isEmpty else { return }
        for row in 0..<area.height {
            let index = offset + row
            guard index >= 0, index < lines.count else { break }
            draw(lines[index], x: area.x, y: area.y + row, width: area.width, glyphs: glyphs)
        }
    }

    /// A border with a title; returns the inside. Focus shows in the border role and as a reversed
    /// title with a pointer, so it reads without colour too.
    @discardableResult
    mutating func box(_ rect: Rect, title: String, focused: Bool = false, role: StyleRole? = nil,
                      glyphs: Glyphs) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let borderStyle = Style(role ?? (focused ? .focusedBorder : .border), bold: focused)
        // Cell by cell (set clips to the frame as put would): no strings to build and break into characters.
        let horizontal = Cell(glyphs.horizontal, style: borderStyle), vertical = Cell(glyphs.vertical, style: borderStyle)
        let top = rect.y, bottom = rect.maxY - 1, left = rect.x, right = rect.maxX - 1
        set(left, top, Cell(glyphs.topLeft, style: borderStyle))
        set(right, top, Cell(glyphs.topRight, style: borderStyle))
        set(left, bottom, Cell(glyphs.bottomLeft, style: borderStyle))
        set(right, bottom, Cell(glyphs.bottomRight, style: borderStyle))
        for x in (left + 1)..<right {
            set(x, top, horizontal)
            set(x, bottom, horizontal)
        }
        for y in (top + 1)..<bottom {
            set(left, y, vertical)
            set(right, y, vertical)
        }
        if rect.width > 4, !title.isEmpty {
            let label = focused ? "\(glyphs.pointer) \(title) " : " \(title) "
            let titleStyle = Style(role ?? .title, bold: true, reverse: focused)
            draw(TextLine(label, titleStyle), x: rect.x + 1, y: rect.y, width: rect.width - 2, glyphs: glyphs)
        }
        return rect.inner
    }

    /// Text centred in a row of `area`.
    mutating func centre(_ text: String, y: Int, in area: Rect, style: Style = .text, glyphs: Glyphs) {
        let cleaned = ScreenText.clean(text, glyphs)
        let width = min(cleaned.count, area.width)
        let x = area.x + max(0, (area.width - width) / 2)
        draw(TextLine(cleaned, style), x: x, y: y, width: width, glyphs: glyphs)
    }
}
