/// One file's part of a unified `git diff`.
struct FileChange: Sendable, Equatable {
    var oldPath: String?
    var newPath: String?
    var isNew = false
    var isDeleted = false
    var isBinary = false
    var hunks: [Hunk] = []

    var path: String { newPath ?? oldPath ?? "" }
}

struct Hunk: Sendable, Equatable {
    enum Line: Sendable, Equatable {
        case context(String)
        case removed(String)
        case added(String)
    }

    var oldStart: Int
    var newStart: Int
    var lines: [Line] = []
}

/// A diff this reader will not guess at: a hunk header it cannot read, or numbers no file has.
public struct MalformedDiff: Error, Sendable, Equatable {
    /// 1-based line of the diff.
    public var line: Int
    public var message: String
}

/// Reads `git diff` output. Hunk line counts decide where a hunk ends, so a removed SQL comment
/// (`--- note`, a `-` then `-- note`) inside a hunk is never mistaken for a file header.
enum DiffReader {
    static func fileChanges(in diff: String) throws(MalformedDiff) -> [FileChange] {
        var changes: [FileChange] = []
        var current: FileChange?
        var oldRemaining = 0, newRemaining = 0

        func finish() {
            if let change = current { changes.append(change) }
            current = nil
        }

        // Lines and their first mark are bytes and scalars, never Characters: "\r\n" is one Character, and a
        // combining mark after "+" would make "+\u{301}DROP …" a Character that is no "+" (a hidden line).
        for (index, rawLine) in diff.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let bytes = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine[...]
            let line = String(decoding: bytes, as: UTF8.self)
            if oldRemaining > 0 || newRemaining > 0, current != nil {
                let marker = line.unicodeScalars.first.map(Character.init) ?? " "
                let text = String(line.unicodeScalars.dropFirst())
                switch marker {
                case "+": current!.hunks[current!.hunks.count - 1].lines.append(.added(text)); newRemaining -= 1
                case "-": current!.hunks[current!.hunks.count - 1].lines.append(.removed(text)); oldRemaining -= 1
                case "\\": break // "\ No newline at end of file"
                default:
                    current!.hunks[current!.hunks.count - 1].lines.append(.context(text))
                    oldRemaining -= 1; newRemaining -= 1
                }
                continue
            }
            if line.hasPrefix("diff --git ") {
                finish()
                current = FileChange()
                let paths = pathsOfGitHeader(String(line.dropFirst("diff --git ".count)))
                current?.oldPath = paths.old
                current?.newPath = paths.new
            } else if line.hasPrefix("--- ") {
                if current == nil || !(current?.hunks.isEmpty ?? true) { finish(); current = FileChange() }
                let path = headerPath(String(line.dropFirst(4)), prefix: "a/")
                if path == nil { current?.isNew = true } else { current?.oldPath = path }
            } else if line.hasPrefix("+++ "), current != nil {
                let path = headerPath(String(line.dropFirst(4)), prefix: "b/")
                if path == nil { current?.isDeleted = true } else { current?.newPath = path }
            } else if line.hasPrefix("new file mode") {
                current?.isNew = true
            } else if line.hasPrefix("deleted file mode") {
                current?.isDeleted = true
            } else if line.hasPrefix("rename from ") {
                current?.oldPath = unquote(String(line.dropFirst("rename from ".count)))
            } else if line.hasPrefix("rename to ") {
                current?.newPath = unquote(String(line.dropFirst("rename to ".count)))
            } else if line.hasPrefix("Binary files ") || line.hasPrefix("GIT binary patch") {
                current?.isBinary = true
            } else if line.hasPrefix("@@"), current != nil {
                guard let header = hunkHeader(line) else {
                    throw MalformedDiff(line: index + 1, message: "a hunk header this checker cannot read, or with numbers past \(maxLineNumber): \(line.prefix(80))")
                }
                current!.hunks.append(Hunk(oldStart: header.oldStart, newStart: header.newStart))
                oldRemaining = header.oldCount
                newRemaining = header.newCount
            }
        }
        finish()
        for index in changes.indices {
            if changes[index].isNew { changes[index].oldPath = nil }
            if changes[index].isDeleted { changes[index].newPath = nil }
        }
        return changes
    }

    /// Line numbers and counts past this are no real file's: reading them on would only risk overflow.
    static let maxLineNumber = Int(Int32.max)

    /// `@@ -12,3 +12,4 @@ optional text`; a missing count means 1; nil for anything else, or numbers
    /// outside 0...maxLineNumber.
    static func hunkHeader(_ line: String) -> (oldStart: Int, oldCount: Int, newStart: Int, newCount: Int)? {
        let fields = line.split(separator: " ")
        guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+") else { return nil }
        func range(_ field: Substring) -> (Int, Int)? {
            let parts = field.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count <= 2, let start = number(parts[0]) else { return nil }
            guard parts.count == 2 else { return (start, 1) }
            return number(parts[1]).map { (start, $0) }
        }
        guard let old = range(fields[1]), let new = range(fields[2]) else { return nil }
        return (old.0, old.1, new.0, new.1)
    }

    /// Digits only (no sign), at most maxLineNumber.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), value <= maxLineNumber else { return nil }
        return value
    }

    /// `a/x.sql b/x.sql` (paths may contain spaces, so the two halves are matched when they agree).
    private static func pathsOfGitHeader(_ rest: String) -> (old: String?, new: String?) {
        if rest.hasPrefix("\"") {
            let parts = rest.split(separator: "\" ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return (nil, nil) }
            return (headerPath(parts[0] + "\"", prefix: "a/"), headerPath(parts[1], prefix: "b/"))
        }
        let characters = Array(rest)
        if characters.count % 2 == 1 {
            let half = characters.count / 2
            let old = String(characters[..<half]), new = String(characters[(half + 1)...])
            if old.dropFirst(2) == new.dropFirst(2) {
                return (headerPath(old, prefix: "a/"), headerPath(new, prefix: "b/"))
            }
        }
        guard let split = rest.range(of: " b/", options: .backwards) else { return (nil, nil) }
        return (headerPath(String(rest[..<split.lowerBound]), prefix: "a/"),
                headerPath(String(rest[rest.index(after: split.lowerBound)...]), prefix: "b/"))
    }

    /// A `---`/`+++` path without its `a/`/`b/` prefix; nil for /dev/null.
    private static func headerPath(_ field: String, prefix: String) -> String? {
        // git appends a tab before a timestamp in some diffs; the path ends there.
        let path = unquote(String(field.split(separator: "\t", omittingEmptySubsequences: false).first ?? ""))
        if path == "/dev/null" { return nil }
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// git's C-style quoting of unusual paths: `"a/caf\303\251.sql"`.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var bytes: [UInt8] = []
        var input = Array(text.utf8.dropFirst().dropLast())[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let escaped = input.popFirst() else { bytes.append(byte); continue }
            switch escaped {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                for _ in 0..<2 {
                    guard let digit = input.first, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { break }
                    value = value * 8 + Int(digit - UInt8(ascii: "0"))
                    input = input.dropFirst()
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            default: bytes.append(escaped)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
