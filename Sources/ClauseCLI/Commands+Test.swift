import ClauseKit

extension CLI {
    func runTest(_ args: [String]) -> Int32 { 0 }
    static let testHelp = ""
}
