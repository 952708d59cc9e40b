// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Connections",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "connections", targets: ["connections"]),
        .library(name: "ConnectionsCore", targets: ["ConnectionsCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "ConnectionsCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "CLibPQ",
            ],
            // Built into the binary: it works wherever it is copied, and no bundle lookup costs a cold command.
            resources: [.embedInCode("Catalog/catalog.yaml")]
        ),
        // libpq's header (libpq-dev): the team store talks to PostgreSQL through libpq, loaded when first used.
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CNCursesW", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(
            name: "ConnectionsTUI",
            dependencies: ["ConnectionsCore", "CNCursesW"],
            // Themes/ at the top level, reached through the symbolic link Sources/ConnectionsTUI/Themes.
            resources: ["ansi-16", "dark", "default", "high-contrast", "light"].map { .embedInCode("Themes/\($0).yaml") }
        ),
        .executableTarget(
            name: "connections",
            dependencies: [
                "ConnectionsCore",
                "ConnectionsTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "connections-bench",
            dependencies: ["ConnectionsCore", "ConnectionsTUI"]
        ),
        .testTarget(
            name: "ConnectionsCoreTests",
            dependencies: ["ConnectionsCore", "ConnectionsTUI", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ConnectionsTUITests",
            dependencies: ["ConnectionsTUI", "ConnectionsCore"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
