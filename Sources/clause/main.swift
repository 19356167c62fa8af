import Foundation
import ClauseCLI

let cli = CLI(out: FileDescriptorSink(fd: 1), err: FileDescriptorSink(fd: 2),
              environment: ProcessInfo.processInfo.environment)
exit(cli.run(Array(CommandLine.arguments.dropFirst())))
