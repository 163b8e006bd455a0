import Foundation
import MigrationSafety
import RunbookEngine

/// Step 0's `shadowPostgres`, and `check-migrations --shadow-postgres`: a throwaway PostgreSQL started for
/// one question and removed after it, or the reason it could not answer (then the replay model judges).
public struct ShadowSchemaServer: SchemaServerPort {
    public init() {}

    public func answer(history: String, release: String, revision: Revision) async -> Result<ServerSchemaAnswer, ServerSchemaAnswer.Unanswered> {
        guard let binaries = ShadowPostgres.locate() else {
            return .failure(.init(reason: "no PostgreSQL server under /usr/lib/postgresql: \(ShadowPostgres.installHint)"))
        }
        guard let historySources = try? SchemaReplay.addedFiles(in: history).sources,
              let releaseSources = try? SchemaReplay.addedFiles(in: release).sources else {
            return .failure(.init(reason: "the shadow PostgreSQL cannot read the migrations"))
        }
        let shadow: ShadowPostgres
        do { shadow = try await ShadowPostgres.start(binaries: binaries) } catch {
            return .failure(.init(reason: "the shadow PostgreSQL did not start: \(error)"))
        }
        let result: Result<ServerSchemaAnswer, ServerSchemaAnswer.Unanswered>
        do {
            result = .success(try await ShadowSchema.answer(history: historySources, release: releaseSources,
                                                            revision: revision.rawValue, on: shadow))
        } catch let unanswered as ShadowSchema.Unanswered {
            result = .failure(.init(reason: "the shadow PostgreSQL cannot build the schema at \(revision.rawValue): \(unanswered.reason)"))
        } catch {
            result = .failure(.init(reason: "the shadow PostgreSQL failed: \(error)"))
        }
        await shadow.stop()
        return result
    }
}
