package org.medsoc.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.detect.SigmaCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code medsoc sigma check DIR}: compiles a rule folder and says why each refused rule cannot run. */
@Command(name = "sigma", mixinStandardHelpOptions = true, description = "Sigma rule tools.", subcommands = SigmaCommand.Check.class)
final class SigmaCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Prints one line per refused rule, then {@code N rules: C compiled, U unsupported, I invalid}. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Compile every rule of a folder; report what cannot run.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Folder of Sigma rules (.yml), searched recursively")
        Path dir = Path.of(".");

        @Override
        public Integer call() {
            if (!Files.isDirectory(dir)) {
                System.err.println("medsoc sigma check: " + dir + " is not a directory");
                return 2;
            }
            SigmaCheck.Report report = SigmaCheck.check(dir, FieldNameMapper.identity());
            for (SigmaCheck.FileOutcome f : report.files()) {
                switch (f.outcome()) {
                    case SigmaCheck.Outcome.Compiled c -> { }
                    case SigmaCheck.Outcome.Unsupported u ->
                            System.out.println("unsupported " + f.file() + ": " + u.reason());
                    case SigmaCheck.Outcome.Invalid i -> System.out.println("invalid " + f.file() + ": "
                            + i.problems().stream().map(p -> p.path() + ": " + p.message())
                                    .collect(Collectors.joining("; ")));
                }
            }
            System.out.println(report.summary());
            return report.count(SigmaCheck.Outcome.Invalid.class) > 0 ? 1 : 0;
        }
    }
}
