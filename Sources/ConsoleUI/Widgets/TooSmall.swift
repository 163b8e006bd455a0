/// Below 80×24: a clear message in the middle instead of a broken screen, with the one answer the
/// last key got (only q and ? work here) or the quit question, so no key goes unanswered.
enum TooSmall {
    static func draw(_ size: Size, _ view: ViewState, frame: inout Frame, glyphs: Glyphs) {
        guard size.width > 0, size.height > 0 else { return }
        let minimum = ScreenLayout.minimum
        let message = "terminal too small: need \(minimum.width)×\(minimum.height), have \(size.width)×\(size.height)"
        var lines = ScreenText.wrap(ScreenText.clean(message, glyphs), width: size.width).map { ($0, Style(.warn, bold: true)) }
        let answer: String
        if view.quitPending {
            answer = "Quit while the incident is in progress? y quits, n stays."
        } else if view.showHelp {
            answer = "Nothing can be confirmed until the terminal is larger. q quits (asks first); ? or Esc closes this."
        } else {
            answer = view.message ?? "Only q (quit) and ? (keys) work at this size."
        }
        lines += ScreenText.wrap(ScreenText.clean(answer, glyphs), width: size.width).map { ($0, Style(.text)) }
        let top = max(0, (size.height - lines.count) / 2)
        for (index, (line, style)) in lines.enumerated() where top + index < size.height {
            frame.centre(line, y: top + index, in: frame.area, style: style, glyphs: glyphs)
        }
    }
}
