// swift-tools-version: 6.2
// incident-console: a terminal console for the Argo CD code-rollback runbook.
// Layers (see DESIGN.md): a pure core (RunbookEngine, MigrationSafety), ports at
// the edge (Integrations, Simulation), one target that knows ncurses (Terminal).
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

// scripts/release sets INCIDENT_CONSOLE_REVISION to the git revision it builds; --version then says so
// (Sources/CBuildStamp). Every other build leaves it unset and says "built from source".
let releaseStamp: [SwiftSetting] = Context.environment["INCIDENT_CONSOLE_REVISION"].map {
    [.unsafeFlags(["-Xcc", "-DIC_RELEASE_REVISION=\"\($0)\""])]
} ?? []

let package = Package(
    name: "incident-console",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "incident-console", targets: ["incident-console"]),
        .library(name: "MigrationSafety", targets: ["MigrationSafety"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        // The console's own log file (never the screen): commands run, requests made, how it started and stopped.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Step 5's postmortem renders a team's own template (`--template`): a maintained Mustache library,
        // not hand-written substitution. Only the Postmortem target uses it.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CPGQuery", path: "Sources/CPGQuery",
                       providers: [.apt(["libpg-query-dev"])]),
        .systemLibrary(name: "CBuildStamp", path: "Sources/CBuildStamp"),
        // glibc's malloc.h, for malloc_trim after a long journal's replay (FreedMemory).
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "MigrationSafety", dependencies: ["CPGQuery"], swiftSettings: strict),
        .target(name: "RunbookEngine", dependencies: ["MigrationSafety"], swiftSettings: strict),
        // Step 5's postmortem from a journal: timeline, figures, action items, rendered with a Mustache template.
        .target(name: "Postmortem", dependencies: ["RunbookEngine", .product(name: "Mustache", package: "swift-mustache")],
                swiftSettings: strict),
        // The console's files: the journal's writer, lock and tail, private (0600, no-symlink) files, theme files.
        .target(name: "Storage", dependencies: ["RunbookEngine", "ConsoleUI"], swiftSettings: strict),
        // The YAML checks config files, themes and drills share: errors that name file, line and key.
        .target(name: "YAMLFile", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .target(name: "Integrations",
                dependencies: ["RunbookEngine", "MigrationSafety", "YAMLFile", "Storage",
                               .product(name: "Subprocess", package: "swift-subprocess"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        .target(name: "Simulation", dependencies: ["RunbookEngine", "Integrations", "YAMLFile",
                                                  .product(name: "Yams", package: "Yams")],
                // Resources → ../../Scenarios: the drills `train` ships, compiled into the binary.
                resources: [.embedInCode("Resources/catalog-bad-digest.yaml"), .embedInCode("Resources/orders-hpa-values.yaml"),
                            .embedInCode("Resources/forward-only-migration.yaml"), .embedInCode("Resources/auto-sync-footgun.yaml"),
                            .embedInCode("Resources/feature-flag-config.yaml"), .embedInCode("Resources/false-alarm.yaml"),
                            .embedInCode("Resources/verify-fails-escalate.yaml"), .embedInCode("Resources/rollout-canary-analysis-failed.yaml"),
                            .embedInCode("Resources/rollout-promoted-bad.yaml"),
                            .embedInCode("Resources/parent-app-reenables.yaml"),
                            .embedInCode("Resources/sync-window-deny.yaml")],
                swiftSettings: strict),
        .target(name: "ConsoleUI", dependencies: ["RunbookEngine", "MigrationSafety", "YAMLFile",
                                                 .product(name: "Yams", package: "Yams")],
                resources: [.embedInCode("Resources/default.yaml"), .embedInCode("Resources/light.yaml"),
                            .embedInCode("Resources/high-contrast.yaml"), .embedInCode("Resources/monochrome.yaml"),
                            .embedInCode("Resources/colour-blind.yaml")],
                swiftSettings: strict),
        .target(name: "Terminal", dependencies: ["CNCurses", "ConsoleUI"], swiftSettings: strict),
        .executableTarget(
            name: "incident-console",
            dependencies: ["RunbookEngine", "MigrationSafety", "Integrations", "Simulation", "Storage",
                           "ConsoleUI", "Terminal", "CBuildStamp", "CMalloc", "Postmortem",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict + releaseStamp),
        .executableTarget(name: "migration-bench", dependencies: ["MigrationSafety"], swiftSettings: strict),
        .executableTarget(name: "console-bench", dependencies: ["RunbookEngine", "Storage", "ConsoleUI"], swiftSettings: strict),
        .testTarget(name: "RunbookEngineTests", dependencies: ["RunbookEngine", "Storage", "TestHarness", "Postmortem"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "MigrationSafetyTests", dependencies: ["MigrationSafety", "TestHarness", "Integrations"], swiftSettings: strict),
        // A real Prometheus (Debian's package) on 127.0.0.1, a misbehaving listener and temp dirs, for the tests only.
        .target(name: "TestHarness", dependencies: ["Integrations"], path: "Tests/TestHarness", swiftSettings: strict),
        .testTarget(name: "IntegrationsTests", dependencies: ["Integrations", "RunbookEngine", "TestHarness",
                                                           .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "RunbookEngine"], swiftSettings: strict),
        .testTarget(name: "ConsoleUITests", dependencies: ["ConsoleUI", "RunbookEngine", "Storage", "TestHarness"],
                    exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["TestHarness"], swiftSettings: strict),
    ]
)
