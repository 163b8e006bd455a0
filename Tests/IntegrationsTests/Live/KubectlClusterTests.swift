import Foundation
import Integrations
import RunbookEngine
import Testing

@Suite struct KubectlClusterTests {
    static let badDigest = "registry.example.com/catalog@sha256:" + String(repeating: "b", count: 64)
    static let goodDigest = "registry.example.com/catalog@sha256:" + String(repeating: "a", count: 64)

    @Test func everyPodsDigestAndReadinessIsRead() async throws {
        let standIns = try StandIns()
        try standIns.write("pods-bad.json", PodsFixture.json([("catalog-7d9f-abcde", Self.badDigest, true),
                                                              ("catalog-7d9f-fghij", Self.badDigest, false)]))
        let pods = try await KubectlCluster(executable: standIns.kubectl).podImages(namespace: "bookstore", selector: "app=catalog")
        #expect(pods == [PodImage(pod: "catalog-7d9f-abcde", image: Self.badDigest, ready: true),
                         PodImage(pod: "catalog-7d9f-fghij", image: Self.badDigest, ready: false)])
        #expect(pods.first?.digest == "sha256:" + String(repeating: "b", count: 64))
        #expect(standIns.log("kubectl") == ["-n bookstore get pods -l app=catalog -o json"])
    }

    @Test func noMatchingPodsIsAnErrorNotAVacuousPass() async throws {
        let standIns = try StandIns()
        try standIns.write("pods-bad.json", PodsFixture.json([]))
        await #expect {
            try await KubectlCluster(executable: standIns.kubectl).podImages(namespace: "bookstore", selector: "app=catalog")
        } throws: { ($0 as? PortError)?.kind == .empty }
    }

    @Test func garbageIsMalformed() async throws {
        let standIns = try StandIns()
        try standIns.write("pods-bad.json", "error: You must be logged in to the server (Unauthorized)")
        await #expect {
            try await KubectlCluster(executable: standIns.kubectl).podImages(namespace: "bookstore", selector: "app=catalog")
        } throws: { ($0 as? PortError)?.kind == .malformed }
    }

    @Test func theDeploymentsTemplateImagesAreRead() async throws {
        let standIns = try StandIns()
        try standIns.write("deployment.json", DeploymentFixture.json(images: [("catalog", "registry.example.com/catalog:1.4.2"),
                                                                              ("envoy", "envoyproxy/envoy:v1.30.1")]))
        let images = try await KubectlCluster(executable: standIns.kubectl).deploymentImages(namespace: "bookstore", name: "catalog")
        #expect(images == ["registry.example.com/catalog:1.4.2", "envoyproxy/envoy:v1.30.1"])
        #expect(standIns.log("kubectl") == ["-n bookstore get deployment catalog -o json"])
    }

    @Test(arguments: [("not json at all", PortError.Kind.malformed), (#"{"kind":"Status","status":"Failure"}"#, .malformed),
                      (DeploymentFixture.json(images: []), .empty)])
    func aDeploymentReadThatSaysNothingUsefulIsAnError(output: String, kind: PortError.Kind) async throws {
        let standIns = try StandIns()
        try standIns.write("deployment.json", output)
        await #expect {
            try await KubectlCluster(executable: standIns.kubectl).deploymentImages(namespace: "bookstore", name: "catalog")
        } throws: { error in
            guard let error = error as? PortError, error.kind == kind else { return false }
            // Either way the message names what was asked: the command, or the deployment.
            return error.message.contains(kind == .empty ? "deployment catalog in namespace bookstore" : "kubectl -n bookstore get deployment catalog")
        }
    }

    @Test(arguments: [("-n", "catalog"), ("bookstore", "--all"), ("bookstore", "Catalog")])
    func flagsAndBadNamesNeverReachKubectlForTheDeployment(namespace: String, name: String) async throws {
        let standIns = try StandIns()
        await #expect(throws: PortError.self) {
            try await KubectlCluster(executable: standIns.kubectl).deploymentImages(namespace: namespace, name: name)
        }
        #expect(standIns.log("kubectl").isEmpty)
    }

    @Test(arguments: [("-n", "app=catalog"), ("bookstore", "--all-namespaces"), ("Book_Store", "app=catalog")])
    func flagsAndBadNamesNeverReachKubectl(namespace: String, selector: String) async throws {
        let standIns = try StandIns()
        await #expect(throws: PortError.self) {
            try await KubectlCluster(executable: standIns.kubectl).podImages(namespace: namespace, selector: selector)
        }
        #expect(standIns.log("kubectl").isEmpty)
    }
}
