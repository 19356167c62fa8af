extension CLI { func runDiff(_ args: [String]) -> Int32 { 2 } }
