/// Reading the escape sequences a terminal was sent (`tmux capture-pane -e`, `themes --preview`).
public enum SGR {
    /// The text with every SGR sequence taken out.
    public static func stripped(_ text: String) -> String { text.replacing(/\x1b\[[0-9;]*m/, with: "") }

    /// SGR parameters that set a colour: 30–37, 40–47, 90–97, 100–107 and the 38/48 extended forms
    /// (39 and 49, the defaults tmux adds, are not colours).
    public static func colourCodes(in text: String) -> [String] {
        text.matches(of: /\x1b\[([0-9;]*)m/).flatMap { match -> [String] in
            match.1.split(separator: ";").map(String.init).filter { code in
                guard let value = Int(code) else { return false }
                return (30...37).contains(value) || (40...47).contains(value) || (90...97).contains(value)
                    || (100...107).contains(value) || value == 38 || value == 48
            }
        }
    }
}
