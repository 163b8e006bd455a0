/// Down (undo) migrations never run on a deploy, so they are not checked.
enum DownMigration {
    /// `*.down.sql` (golang-migrate, sqlx), `down.sql` (diesel), Flyway undo `U<version>__name.sql`.
    static func isDownFile(_ path: String) -> Bool {
        let name = String(path.split(separator: "/").last ?? "")
        let lowered = name.lowercased()
        if lowered.hasSuffix(".down.sql") || lowered == "down.sql" { return true }
        guard name.hasPrefix("U"), let separator = name.range(of: "__") else { return false }
        let version = name[name.index(after: name.startIndex)..<separator.lowerBound]
        return version.first?.isNumber == true && version.allSatisfy { $0.isNumber || $0 == "." || $0 == "_" }
    }

    enum Marker { case up, down }

    /// goose (`-- +goose Up` / `-- +goose Down`) and dbmate (`-- migrate:up` / `-- migrate:down`)
    /// section markers. They are line directives the tools read line by line, so are read that way here.
    static func marker(_ line: String) -> Marker? {
        let trimmed = line.trimmingSQLWhitespace()
        guard trimmed.hasPrefix("--") else { return nil }
        let command = String(trimmed.dropFirst(2)).trimmingSQLWhitespace()
        if command.hasPrefix("+goose Down") || command.hasPrefix("migrate:down") { return .down }
        if command.hasPrefix("+goose Up") || command.hasPrefix("migrate:up") { return .up }
        return nil
    }

    /// The lines with every down section blanked out (line numbers are kept).
    static func upSections(_ lines: [String]) -> [String] {
        var inDown = false
        return lines.map { line in
            switch marker(line) {
            case .down?: inDown = true; return ""
            case .up?: inDown = false; return line
            case nil: return inDown ? "" : line
            }
        }
    }
}
