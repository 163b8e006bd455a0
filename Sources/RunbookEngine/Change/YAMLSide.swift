/// One side (before or after) of a YAML file read line by line from a diff, enough to name each line's
/// key as a dotted path: the indentation stack, list items named by their `name:` (or first value),
/// block scalars kept whole, and each document's `kind:`. Not a YAML parser: a diff's lines, read the
/// way a reviewer reads them.
struct YAMLSide {
    struct Entry {
        var key: String
        var value: String
        var document: Int
    }

    private struct Level {
        var indent: Int
        var name: String
        var item = false
        var block = false
    }

    private var stack: [Level] = []
    private var document = 0
    private var documentKinds: [Int: String] = [:]
    private var apiVersions: Set<Int> = []

    /// Whether some document of this side has both `apiVersion:` and `kind:` at the top: a manifest.
    var isManifest: Bool { documentKinds.keys.contains { apiVersions.contains($0) } }
    var isCRD: Bool { documentKinds.values.contains("CustomResourceDefinition") }
    func kind(of entry: Entry) -> String? { documentKinds[entry.document] }

    /// Takes the next line of this side; returns the key and value it sets, if it sets one.
    @discardableResult
    mutating func take(_ line: Substring) -> Entry? {
        let text = line.hasSuffix("\r") ? line.dropLast() : line
        let indent = text.prefix { $0 == " " }.count
        let content = text.dropFirst(indent)
        if let top = stack.last, top.block, indent > top.indent || content.allSatisfy(\.isWhitespace) {
            let trimmed = content.trimmingSpaces
            return trimmed.isEmpty ? nil : Entry(key: path, value: trimmed, document: document)
        }
        if content.isEmpty || content.hasPrefix("#") { return nil }
        if indent == 0, content.hasPrefix("---") || content.hasPrefix("...") {
            stack = []; document += 1
            return nil
        }
        var rest = content
        var at = indent
        if rest == "-" || rest.hasPrefix("- ") {
            while let top = stack.last, top.indent > indent || (top.indent == indent && top.item) { stack.removeLast() }
            rest = rest.dropFirst().drop { $0 == " " }
            at = indent + (content.count - rest.count)
            if let (_, value) = Self.pair(rest), !value.isEmpty {
                stack.append(Level(indent: indent, name: "[\(Self.unquoted(value))]", item: true))
            } else if Self.pair(rest) == nil, !rest.isEmpty {
                // A scalar item (`- ghcr.io/acme/catalog@sha256:…`): a value of the list itself.
                return Entry(key: path + "[]", value: Self.unquoted(Self.uncommented(rest)), document: document)
            } else {
                stack.append(Level(indent: indent, name: "[]", item: true))
            }
        } else {
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
        }
        guard let (key, value) = Self.pair(rest) else {
            // Text that sets no key (a template directive, a bare word): the line itself, under its parent.
            return Entry(key: path.isEmpty ? "(line)" : path, value: String(rest.trimmingSpaces), document: document)
        }
        if at == 0 {
            if key == "kind" { documentKinds[document] = Self.unquoted(value) }
            if key == "apiVersion" { apiVersions.insert(document) }
        }
        if value.isEmpty {
            stack.append(Level(indent: at, name: key))
            return nil
        }
        if value.first == "|" || value.first == ">", value.dropFirst().allSatisfy({ "+-0123456789".contains($0) }) {
            stack.append(Level(indent: at, name: key, block: true))
            return nil
        }
        let full = path.isEmpty ? key : path + (key.isEmpty ? "" : "." + key)
        return Entry(key: full, value: Self.unquoted(value), document: document)
    }

    /// The dotted path of the current stack: `spec.template.spec.containers[catalog]`.
    private var path: String {
        stack.reduce("") { path, level in
            level.item || path.isEmpty ? path + level.name : path + "." + level.name
        }
    }

    /// `key: value` or `key:` (value empty); nil when the text is not a mapping entry.
    static func pair(_ text: Substring) -> (String, String)? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote { if character == open { quote = nil } } else if character == "\"" || character == "'", index == text.startIndex {
                quote = character
            } else if character == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " {
                    let key = unquoted(text[..<index].trimmingSpaces)
                    guard !key.isEmpty, !key.hasPrefix("{{"), !key.contains(" ") || text.first == "\"" || text.first == "'" else { return nil }
                    return (key, uncommented(text[next...]).trimmingSpaces)
                }
            } else if character == "#", index > text.startIndex, text[text.index(before: index)] == " " {
                return nil
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// A value without a trailing ` # comment` (outside quotes).
    static func uncommented(_ text: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for index in text.indices {
            let character = text[index]
            if let open = quote { if character == open { quote = nil } }
            else if character == "\"" || character == "'" { quote = character }
            else if character == "#", previous == " " { return text[..<index] }
            previous = character
        }
        return text
    }

    static func unquoted<S: StringProtocol>(_ text: S) -> String {
        let trimmed = String(text).trimmingSpaces
        if trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
