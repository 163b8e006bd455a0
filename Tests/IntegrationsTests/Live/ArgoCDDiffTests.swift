import Foundation
import Integrations
import RunbookEngine
import Testing

/// `argocd app diff APP --revision SHA` through the CLI adapter: exit 1 is a diff, 0 none, 2 an error.
@Suite struct ArgoCDDiffTests {
    func cli(_ standIns: StandIns) -> ArgoCDCLI {
        ArgoCDCLI(executable: standIns.argocd, runner: ProcessRunner(killGrace: .milliseconds(200)), timeout: .seconds(10))
    }

    @Test func exitOneIsTheDiffReadIntoResourcesAndImages() async throws {
        let standIns = try StandIns()
        let diff = try await cli(standIns).diff("bookstore-catalog-us-east", revision: Revision(ArgoCDCLITests.good))
        #expect(standIns.log("argocd") == ["app diff bookstore-catalog-us-east --revision \(ArgoCDCLITests.good)"])
        #expect(diff.revision == Revision(ArgoCDCLITests.good))
        #expect(diff.resources == ["apps/Deployment bookstore/catalog"])
        #expect(diff.imageChanges.map { "\($0.from) → \($0.to)" } == ["registry.example.com/catalog:1.4.2 → registry.example.com/catalog:1.4.1"])
        #expect(diff.summary.hasPrefix("1 resource will change"))
    }

    @Test func exitZeroIsNoDifference() async throws {
        let standIns = try StandIns()
        try standIns.write("diff-exit", "0")
        let diff = try await cli(standIns).diff("bookstore-catalog-us-east", revision: Revision(ArgoCDCLITests.good))
        #expect(diff.isEmpty)
        #expect(diff.summary.contains("nothing would change"))
    }

    @Test func exitTwoIsAnErrorWithTheServersWords() async throws {
        let standIns = try StandIns()
        try standIns.write("diff-exit", "2")
        await #expect {
            _ = try await cli(standIns).diff("bookstore-catalog-us-east", revision: Revision(ArgoCDCLITests.good))
        } throws: { error in
            (error as? PortError)?.message.contains("Manifest generation error") == true
        }
    }

    @Test func exitOneWithoutAnyResourceIsNotTakenForADiff() async throws {
        let standIns = try StandIns()
        try standIns.write("diff.txt", "")
        await #expect {
            _ = try await cli(standIns).diff("bookstore-catalog-us-east", revision: Revision(ArgoCDCLITests.good))
        } throws: { error in
            (error as? PortError)?.kind == .malformed
        }
    }

    @Test func aBadAppNameNeverReachesTheCLI() async throws {
        let standIns = try StandIns()
        await #expect(throws: PortError.self) { _ = try await cli(standIns).diff("x;rm -rf /", revision: Revision("a1b2c3d")) }
        #expect(standIns.log("argocd").isEmpty)
    }
}
