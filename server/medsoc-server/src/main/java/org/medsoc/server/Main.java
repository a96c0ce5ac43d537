package org.medsoc.server;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code medsoc} command. */
@Command(
        name = "medsoc",
        mixinStandardHelpOptions = true,
        version = "medsoc 0.1.0",
        description = "Security operations for hospitals and health authorities.",
        subcommands = {Main.Start.class, DemoCommand.class, BenchCommand.class, DetectCommand.class, SigmaCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    public static void main(String[] args) {
        // one line per record: time, level, logger, message (JUL's default spreads each record over two lines)
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s %3$s: %5$s%6$s%n");
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof MedsocException me) {
                cmd.getErr().println("medsoc: " + me.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        if (spec != null) {
            spec.commandLine().usage(new PrintWriter(System.out, true));
        }
    }

    /** Options shared by commands that start a node. */
    static final class NodeOptions {
        @Option(names = "--config", description = "Configuration file (.properties); default <data-dir>/medsoc.properties if present")
        @Nullable Path config;

        @Option(names = "--data-dir", description = "Data directory (journal, event index, state)")
        @Nullable Path dataDir;

        @Option(names = "--http-port", description = "HTTP API port (default 8080)")
        @Nullable Integer httpPort;

        @Option(names = "--syslog-port", description = "Syslog port, TCP and UDP (default 1514)")
        @Nullable Integer syslogPort;

        // hub role (issue 7): --role hub makes the node also the federation hub of its member hospitals
        @Option(names = "--role", description = "node (default) or hub: a hub also serves its member nodes")
        @Nullable String role;

        NodeConfig toConfig(Path defaultDataDir) {
            Map<String, String> overrides = new LinkedHashMap<>();
            Path data = dataDir != null ? dataDir : defaultDataDir;
            Settings base = Settings.empty();
            Path file = config != null ? config : data.resolve("medsoc.properties");
            if (config != null || Files.exists(file)) {
                base = Settings.load(file);
            }
            if (dataDir != null || base.find("node.data-dir").isEmpty()) {
                overrides.put("node.data-dir", data.toString());
            }
            if (httpPort != null) {
                overrides.put("http.port", httpPort.toString());
            }
            if (syslogPort != null) {
                overrides.put("ingest.syslog.port", syslogPort.toString());
            }
            if (role != null) {
                overrides.put("node.role", role);
            }
            return new NodeConfig(base.with(overrides));
        }
    }

    /** {@code medsoc start}: runs a node until interrupted. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a node (embedded defaults).")
    static final class Start implements Runnable {
        @CommandLine.Mixin
        NodeOptions options = new NodeOptions();

        @Override
        public void run() {
            NodeConfig config = options.toConfig(Path.of("data"));
            Node node = Node.start(config);
            System.out.println("medsoc " + (config.hub() ? "hub" : "node") + " listening: API " + node.baseUrl()
                    + ", syslog tcp+udp port "
                    + node.syslogPort() + ", data " + config.dataDir());
            System.out.println("API token: " + (System.getenv(Node.BOOTSTRAP_TOKEN_ENV) != null
                    ? "from " + Node.BOOTSTRAP_TOKEN_ENV : "stored in " + node.tokenFile()));
            awaitShutdown(node);
        }
    }

    static void awaitShutdown(Node node) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "medsoc-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
