import Foundation

/// A unified diff (`git show` / `git diff`) split into files: each file's path and its hunk lines, with
/// the marker (" ", "-", "+") apart from the text. Headers and "\ No newline" lines are not content.
enum DiffFiles {
    struct Line { var marker: Character; var text: Substring }
    struct File {
        var path: String
        var lines: [Line] = []
        var binary = false
    }

    static func split(_ patch: String) -> [File] {
        var files: [File] = []
        var inHunk = false
        var oldPath: String?
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("diff --git ") {
                files.append(File(path: Self.path(fromGitHeader: line)))
                inHunk = false; oldPath = nil
                continue
            }
            guard !files.isEmpty else { continue }
            if line.hasPrefix("@@") { inHunk = true; continue }
            if inHunk, let marker = line.first, marker == " " || marker == "-" || marker == "+" {
                files[files.count - 1].lines.append(Line(marker: marker, text: line.dropFirst()))
                continue
            }
            if inHunk, line.isEmpty { continue } // a blank context line some tools print without its space
            if line.hasPrefix("--- ") { oldPath = Self.side(line.dropFirst(4)) }
            if line.hasPrefix("+++ ") {
                // The new name, or the old one for a file the revision deleted.
                if let path = Self.side(line.dropFirst(4)) ?? oldPath { files[files.count - 1].path = path }
            }
            if line.hasPrefix("Binary files ") || line.hasPrefix("GIT binary patch") { files[files.count - 1].binary = true }
        }
        return files
    }

    /// `a/path` or `b/path` without its prefix; nil for /dev/null.
    private static func side(_ name: Substring) -> String? {
        let trimmed = name.hasSuffix("\t") ? name.dropLast() : name
        if trimmed == "/dev/null" { return nil }
        if trimmed.hasPrefix("a/") || trimmed.hasPrefix("b/") { return String(trimmed.dropFirst(2)) }
        if trimmed.hasPrefix("\"a/") || trimmed.hasPrefix("\"b/") { return "\"" + trimmed.dropFirst(3) }
        return String(trimmed)
    }

    /// `diff --git a/x b/x`: the new name (the `+++` line corrects it when there is one).
    private static func path(fromGitHeader line: Substring) -> String {
        let rest = line.dropFirst("diff --git ".count)
        if let range = rest.range(of: " b/", options: .backwards) { return String(rest[range.upperBound...]) }
        return String(rest)
    }
}
