// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "PodLedger",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PodLedger", targets: ["PodLedger"]),
        .executable(name: "podledger", targets: ["podledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),
        .target(name: "LedgerCore"),
        .target(name: "LedgerStore", dependencies: ["LedgerCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "IncomeImport", dependencies: ["LedgerCore", "CLibCSV"]),
        .target(name: "Smoothing", dependencies: ["LedgerCore"]),
        .target(name: "Statements", dependencies: ["LedgerCore", "Smoothing"]),
        .target(
            name: "PodLedger",
            dependencies: ["LedgerCore", "LedgerStore", "IncomeImport", "Smoothing", "Statements", "TOMLKit"]
        ),
        // libFuzzer target and replay tool for IncomeImport (`make fuzz`, docs/import-rules.md).
        .executableTarget(name: "IncomeImportFuzz", dependencies: ["IncomeImport", "LedgerCore"]),
        .executableTarget(
            name: "podledger",
            dependencies: ["PodLedger", "LedgerCore", "Smoothing", "Statements", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // What several test targets share: golden files, headless Chromium, a PNG reader.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore", "LedgerCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "IncomeImportTests", dependencies: ["IncomeImport", "LedgerCore"], exclude: ["Fixtures"]),
        .testTarget(name: "SmoothingTests", dependencies: ["Smoothing", "LedgerCore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "PodLedgerTests", dependencies: ["PodLedger", "LedgerCore", "LedgerStore", "IncomeImport", "Smoothing", "Statements"], exclude: ["Fixtures"]),
        .testTarget(name: "StatementsTests", dependencies: ["Statements", "LedgerCore", "Smoothing", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["PodLedger", "LedgerCore", "LedgerStore", "Smoothing", "Statements", "TestSupport"], exclude: ["Golden"]),
    ]
)
