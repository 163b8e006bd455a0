import Foundation
import Integrations
import RunbookEngine
import Testing

/// Every duration a flag or the config file gives is checked against its range when read, and the
/// message names the key (or flag) and the range.
@Suite("Durations from flags and the config file")
struct SettingRangeTests {
    static let keys = ["commandTimeout", "prometheusTimeout", "sustain", "verifyTimeout", "threshold"]
    static let crafted: [(yaml: String, value: Double)] = [(".nan", .nan), (".inf", .infinity), ("-.inf", -.infinity),
                                                            ("1e17", 1e17), ("0", 0), ("-5", -5)]

    static func flag(_ key: String) -> String {
        ["commandTimeout": "--command-timeout", "prometheusTimeout": "--prometheus-timeout", "verifyTimeout": "--verify-timeout"][key] ?? "--\(key)"
    }

    @Test(arguments: keys, crafted.indices)
    func aFileValueOutOfRangeNamesItsKeyAndTheRange(key: String, index: Int) throws {
        let value = Self.crafted[index].yaml
        let range = try #require(SaneRanges.forSetting(key))
        #expect {
            try ConfigFile.parse(yaml: "apps:\n  - name: a\n    \(key): \(value)\n", file: "c.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == "apps[0].\(key)" && error.line == 3
                && error.message == range.problem(Self.crafted[index].value)
                && error.message.hasPrefix("expected seconds from ")
        }
    }

    @Test(arguments: keys, crafted.indices)
    func aFlagOutOfRangeNamesTheFlagAndTheRange(key: String, index: Int) throws {
        let value = Self.crafted[index].value
        var flags = AppSettings()
        switch key {
        case "commandTimeout": flags.commandTimeout = value
        case "prometheusTimeout": flags.prometheusTimeout = value
        case "sustain": flags.sustain = value
        case "verifyTimeout": flags.verifyTimeout = value
        default: flags.threshold = value
        }
        let range = try #require(SaneRanges.forSetting(key))
        #expect {
            try LiveSettings.resolve(app: "a", file: nil, flags: flags)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == Self.flag(key) && error.message == range.problem(value)
        }
    }

    @Test(arguments: keys)
    func theEdgesOfTheRangeAreAccepted(key: String) throws {
        let range = try #require(SaneRanges.forSetting(key)).range
        for value in [range.lowerBound, range.upperBound] {
            let file = try ConfigFile.parse(yaml: "defaults:\n  \(key): \(value)\n", file: "c.yaml")
            _ = try LiveSettings.resolve(app: "a", file: file, flags: AppSettings())
        }
    }

    @Test func theMessageReadsAsARange() {
        #expect(SaneRanges.commandTimeout.problem(.nan) == "expected seconds from 1 to 3600, got NaN")
        #expect(SaneRanges.sustain.problem(1e17) == "expected seconds from 1 to 86400, got 100000000000000000")
        #expect(SaneRanges.seq.problem(Int.max) == "expected a whole number from 1 to 1000000000000, got 9.223372036854776e+18")
        #expect(SaneRanges.threshold.problem(-.infinity) == "expected seconds from 0.001 to 3600, got -Inf")
    }
}

/// argocd, kubectl and git never see Prometheus' bearer token: the variable --bearer-token-env names is
/// taken out of their environment.
@Suite struct ChildEnvironmentTests {
    @Test func theTokensVariableIsNotPassedToChildren() async throws {
        let name = "INCIDENT_CONSOLE_TEST_TOKEN_\(getpid())"
        setenv(name, "s3cr3t-child-token", 1)
        defer { unsetenv(name) }
        var flags = AppSettings()
        flags.bearerTokenEnv = name
        let settings = try LiveSettings.resolve(app: "a", file: nil, flags: flags)

        let inherited = await ProcessRunner().run(["env"], timeout: .seconds(10), workingDirectory: nil)
        #expect(inherited.stdout.contains("\(name)=s3cr3t-child-token"), "the control: a child inherits the variable by default")
        let child = await ProcessRunner(environment: settings.childEnvironment).run(["env"], timeout: .seconds(10), workingDirectory: nil)
        #expect(child.exitCode == 0)
        #expect(!child.stdout.contains("s3cr3t-child-token") && !child.stdout.contains(name), "\(child.stdout)")
        #expect(child.stdout.contains("PATH="), "the rest of the environment is inherited")
    }

    @Test func withoutATokenNothingIsTakenOut() throws {
        #expect(try LiveSettings.resolve(app: "a", file: nil, flags: AppSettings()).childEnvironment.isEmpty)
    }
}
