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

    enum Tool: Sendable { case goose, dbmate }
    enum Direction: Sendable { case up, down }
    struct Marker: Sendable, Equatable { var tool: Tool; var direction: Direction }

    /// goose (`-- +goose Up` / `-- +goose Down`) and dbmate (`-- migrate:up` / `-- migrate:down`)
    /// section markers. They are line directives the tools read line by line, so are read that way here.
    static func marker(_ line: String) -> Marker? {
        let trimmed = line.trimmingSQLWhitespace()
        guard trimmed.hasPrefix("--") else { return nil }
        let command = String(trimmed.dropFirst(2)).trimmingSQLWhitespace()
        if command.hasPrefix("+goose Down") { return Marker(tool: .goose, direction: .down) }
        if command.hasPrefix("+goose Up") { return Marker(tool: .goose, direction: .up) }
        if command.hasPrefix("migrate:down") { return Marker(tool: .dbmate, direction: .down) }
        if command.hasPrefix("migrate:up") { return Marker(tool: .dbmate, direction: .up) }
        return nil
    }

    /// The tools whose up marker is among `lines`: only their down markers mean anything.
    static func tools(in lines: [String]) -> Set<Tool> {
        Set(lines.compactMap { line in marker(line).flatMap { $0.direction == .up ? $0.tool : nil } })
    }

    /// The lines with every down section blanked out (line numbers are kept). A down marker counts only
    /// in a file of its tool (`tools`, by default the tools whose up marker `lines` hold): elsewhere
    /// it is a comment, and every line after it runs.
    static func upSections(_ lines: [String], tools: Set<Tool>? = nil) -> [String] {
        let tools = tools ?? Self.tools(in: lines)
        guard !tools.isEmpty else { return lines }
        var inDown = false
        return lines.map { line in
            guard let marker = marker(line), tools.contains(marker.tool) else { return inDown ? "" : line }
            inDown = marker.direction == .down
            return inDown ? "" : line
        }
    }
}
