// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Clause",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clause", targets: ["clause"]),
        .library(name: "ClauseKit", targets: ["ClauseKit"]),
    ],
    targets: [
        .target(name: "ClauseKit"),
        .target(name: "ClauseCLI", dependencies: ["ClauseKit"]),
        .executableTarget(name: "clause", dependencies: ["ClauseCLI"]),
        .executableTarget(name: "clause-bench", dependencies: ["ClauseKit", "ClauseCLI"]),
        .testTarget(name: "ClauseKitTests", dependencies: ["ClauseKit"]),
        .testTarget(name: "ClauseCLITests", dependencies: ["ClauseCLI", "ClauseKit"]),
        .testTarget(
            name: "GoldenTests",
            dependencies: ["ClauseCLI", "ClauseKit"],
            exclude: ["Fixtures"]
        ),
    ]
)
