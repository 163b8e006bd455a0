/// The schema as of the last good revision, replayed from its migration files. It fails closed: what
/// the replay could not follow is unknown (nil), never a guess; absence is proven only for a complete model.
public struct KnownSchema: Sendable {
    /// Where a fact comes from: the migration file that last set it.
    typealias Origin = String

    struct Column: Sendable {
        /// nil when the model cannot pin the type down.
        var type: ColumnType?
        /// nil when a statement the model could not follow may have changed it.
        var notNull: Bool?
        var hasDefault: Bool?
        var typeSince: Origin
        var nullabilitySince: Origin
    }

    struct Table: Sendable {
        var columns: [String: Column] = [:]
        /// False when columns may exist that the model does not know (INHERITS, LIKE, CREATE TABLE AS…).
        var columnsComplete = true
        var since: Origin
    }

    enum RelationKind: String, Sendable { case table, view, sequence, index, other = "relation" }

    /// Every relation (table, view, sequence, index) by its schema-qualified name.
    private(set) var relations: [ObjectName: (kind: RelationKind, since: Origin)] = [:]
    private(set) var tables: [ObjectName: Table] = [:]
    private(set) var types: [ObjectName: Origin] = [:]
    private(set) var functions: [ObjectName: Origin] = [:]
    private(set) var schemas: [String: Origin] = [:]
    /// Tables a trigger was created on: a write to one runs code (kept even when everything else is forgotten).
    private(set) var tablesWithTriggers: Set<ObjectName> = []
    /// How many times the model had to forget: the release's replay watches it to stop trusting the prior.
    private(set) var forgotten = 0
    /// Where search_path was set to something other than public (nil while it is public).
    var searchPathChanged: String?
    /// An event trigger runs code on every later DDL statement: nothing after it is known.
    var eventTrigger: String?
    /// Why the model is not complete (the first reason); nil when every statement was followed.
    private(set) var incompleteBecause: String?
    /// Why absence cannot be proven even in a complete model (an extension made objects it does not list).
    private(set) var foreignObjectsBecause: String?
    /// What was replayed, for the report: files and the revision.
    public internal(set) var summary: String = ""
    /// The revision the model describes (the last good one).
    public internal(set) var revision: String = ""
    public internal(set) var fileCount = 0

    /// Unqualified names live in `public`: the replay stops trusting itself when a search_path changes.
    static func qualified(_ name: ObjectName) -> ObjectName {
        ObjectName(schema: name.schema ?? "public", name: name.name)
    }

    /// One line for the report: what the model knew and what it could not follow.
    public var description: String {
        var text = summary
        if let incompleteBecause { text += "; incomplete after \(incompleteBecause)" }
        return text
    }

    var isComplete: Bool { incompleteBecause == nil }

    // MARK: Questions the judge asks

    var allRelations: [ObjectName: (kind: RelationKind, since: Origin)] { relations }
    func table(_ name: ObjectName) -> Table? { tables[Self.qualified(name)] }
    func relation(_ name: ObjectName) -> (kind: RelationKind, since: Origin)? { relations[Self.qualified(name)] }
    func type(_ name: ObjectName) -> Origin? { types[Self.qualified(name)] }
    func function(_ name: ObjectName) -> Origin? { functions[Self.qualified(name)] }
    func schema(_ name: String) -> Origin? { schemas[name] }
    func isUserType(_ name: ObjectName) -> Bool { types[Self.qualified(name)] != nil }

    /// Whether the model proves a relation of this name did not exist (so the release made it).
    func provesNoRelation(_ name: ObjectName, kind: RelationKind = .table) -> Bool {
        // Indexes and sequences get names PostgreSQL makes up (t_pkey, t_id_seq): their absence is never proven.
        guard kind == .table || kind == .view else { return false }
        return canProveAbsence(in: Self.qualified(name).schema) && relations[Self.qualified(name)] == nil
    }

    func provesNoType(_ name: ObjectName) -> Bool {
        canProveAbsence(in: Self.qualified(name).schema) && types[Self.qualified(name)] == nil && relations[Self.qualified(name)] == nil
    }

    func provesNoSchema(_ name: String) -> Bool {
        isComplete && foreignObjectsBecause == nil && !SchemaContext.alwaysThere.contains(name) && schemas[name] == nil
    }

    /// Whether the model proves the column did not exist on a table it knows completely.
    func provesNoColumn(_ column: String, of table: ObjectName) -> Bool {
        // A table's facts are cleared when the model forgets: a table it still knows was followed throughout.
        guard let known = self.table(table), known.columnsComplete else { return false }
        return known.columns[column] == nil
    }

    /// The column as the old binary saw it, when the model knows it.
    func column(_ column: String, of table: ObjectName) -> Column? {
        self.table(table)?.columns[column]
    }

    private func canProveAbsence(in schema: String?) -> Bool {
        guard isComplete, foreignObjectsBecause == nil, let schema else { return false }
        return schema == "public" || schemas[schema] != nil
    }

    // MARK: Changes the replay makes

    mutating func markIncomplete(_ reason: String) {
        if incompleteBecause == nil { incompleteBecause = reason }
    }

    /// A statement the replay cannot follow may have changed anything it could reach: every fact known
    /// so far becomes unknown, and absence is never proven again. Later statements are known again.
    mutating func forgetEverything(_ reason: String) {
        markIncomplete(reason)
        forgotten += 1
        relations = [:]
        tables = [:]
        types = [:]
        functions = [:]
        schemas = [:]
    }

    mutating func markForeignObjects(_ reason: String) {
        if foreignObjectsBecause == nil { foreignObjectsBecause = reason }
    }

    mutating func addRelation(_ name: ObjectName, kind: RelationKind, since: Origin) {
        relations[Self.qualified(name)] = (kind, since)
    }

    mutating func addTable(_ name: ObjectName, _ table: Table) {
        addRelation(name, kind: .table, since: table.since)
        tables[Self.qualified(name)] = table
    }

    mutating func updateTable(_ name: ObjectName, _ change: (inout Table) -> Void) {
        guard var table = tables[Self.qualified(name)] else { return }
        change(&table)
        tables[Self.qualified(name)] = table
    }

    mutating func removeRelation(_ name: ObjectName) {
        relations[Self.qualified(name)] = nil
        tables[Self.qualified(name)] = nil
    }

    mutating func renameRelation(_ name: ObjectName, to newName: String) {
        let old = Self.qualified(name)
        let new = ObjectName(schema: old.schema, name: newName)
        if let relation = relations.removeValue(forKey: old) { relations[new] = relation }
        if let table = tables.removeValue(forKey: old) { tables[new] = table }
    }

    mutating func addTrigger(on table: ObjectName) { tablesWithTriggers.insert(Self.qualified(table)) }
    func hasTriggers(_ table: ObjectName) -> Bool { tablesWithTriggers.contains(Self.qualified(table)) }

    mutating func addType(_ name: ObjectName, since: Origin) { types[Self.qualified(name)] = since }
    mutating func removeType(_ name: ObjectName) { types[Self.qualified(name)] = nil }
    mutating func addFunction(_ name: ObjectName, since: Origin) { functions[Self.qualified(name)] = since }
    mutating func removeFunction(_ name: ObjectName) { functions[Self.qualified(name)] = nil }
    mutating func addSchema(_ name: String, since: Origin) { schemas[name] = since }
    mutating func removeSchema(_ name: String) { schemas[name] = nil }
}
