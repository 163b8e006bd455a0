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

/// Reads `git diff` output. Hunk line counts decide where a hunk ends, so a removed SQL comment
/// (`--- note`, a `-` then `-- note`) inside a hunk is never mistaken for a file header.
enum DiffReader {
    static func fileChanges(in diff: String) -> [FileChange] {
        var changes: [FileChange] = []
        var current: FileChange?
        var oldRemaining = 0, newRemaining = 0

        func finish() {
            if let change = current { changes.append(change) }
            current = nil
        }

        for rawLine in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if oldRemaining > 0 || newRemaining > 0, current != nil {
                let marker = line.first ?? " "
                let text = String(line.dropFirst())
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
            } else if line.hasPrefix("@@"), current != nil, let header = hunkHeader(line) {
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

    /// `@@ -12,3 +12,4 @@ optional text`; a missing count means 1.
    static func hunkHeader(_ line: String) -> (oldStart: Int, oldCount: Int, newStart: Int, newCount: Int)? {
        let fields = line.split(separator: " ")
        guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+") else { return nil }
        func range(_ field: Substring) -> (Int, Int)? {
            let parts = field.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(parts[0]) else { return nil }
            let count = parts.count > 1 ? Int(parts[1]) : 1
            return count.map { (start, $0) }
        }
        guard let old = range(fields[1]), let new = range(fields[2]) else { return nil }
        return (old.0, old.1, new.0, new.1)
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
