/// Wrapping a styled line instead of cutting it: evidence, notes, commands and paths must show whole.
extension TextLine {
    /// This line broken at spaces into lines of at most `width` cells (a word longer than a line is
    /// broken where it must), continuation lines indented by `indent`; styles kept. Text must be clean
    /// already (`ScreenText.clean`): one character is one cell.
    func wrapped(width: Int, indent: Int = 2) -> [TextLine] {
        // Most lines fit: count before building the cells.
        guard width > 0, spans.reduce(0, { $0 + $1.text.count }) > width else { return [self] }
        let cells = spans.flatMap { span in span.text.map { ($0, span.style) } }
        let indent = max(0, min(indent, width / 2))
        var lines: [TextLine] = []
        var start = 0
        var room = width
        while start < cells.count {
            var end = min(cells.count, start + room)
            if end < cells.count {
                // Break after the last space that fits, unless that leaves the line nearly empty.
                if let space = cells[start..<end].lastIndex(where: { $0.0 == " " }), space > start + room / 3 {
                    end = space + 1
                }
            }
            var line = lines.isEmpty ? TextLine() : TextLine(String(repeating: " ", count: indent), cells[start].1)
            var piece = cells[start..<end]
            while piece.count > 1, piece.last?.0 == " " { piece = piece.dropLast() }
            for (character, style) in piece {
                if let last = line.spans.last, last.style == style { line.spans[line.spans.count - 1].text.append(character) }
                else { line.spans.append(Span(String(character), style)) }
            }
            lines.append(line)
            start = end
            while start < cells.count, cells[start].0 == " " { start += 1 }
            room = width - indent
        }
        return lines
    }
}
