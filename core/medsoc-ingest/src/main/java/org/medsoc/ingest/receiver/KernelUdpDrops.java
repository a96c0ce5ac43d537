package org.medsoc.ingest.receiver;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads how many datagrams the Linux kernel dropped for UDP sockets bound to a local port: the last column
 * ({@code drops}) of {@code /proc/net/udp} and {@code /proc/net/udp6}, summed over the sockets on that port in this
 * network namespace. Answers 0 where those files do not exist (not Linux) or cannot be read.
 */
public final class KernelUdpDrops {
    private static final Path[] TABLES = {Path.of("/proc/net/udp"), Path.of("/proc/net/udp6")};

    private KernelUdpDrops() {}

    /** The kernel's drop count for sockets bound to {@code port}. */
    public static long forPort(int port) {
        long total = 0;
        for (Path table : TABLES) {
            total += forPort(table, port);
        }
        return total;
    }

    static long forPort(Path table, int port) {
        if (!Files.isReadable(table)) {
            return 0;
        }
        long total = 0;
        try (BufferedReader r = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                total += dropsIfPort(line, port);
            }
        } catch (IOException | RuntimeException e) {
            return total;
        }
        return total;
    }

    /** The drops of one table row if its local port is {@code port}, else 0. */
    static long dropsIfPort(String line, int port) {
        String[] columns = line.trim().split("\\s+");
        if (columns.length < 13) {
            return 0;
        }
        String local = columns[1];
        int colon = local.lastIndexOf(':');
        if (colon < 0 || Integer.parseInt(local.substring(colon + 1), 16) != port) {
            return 0;
        }
        return Long.parseLong(columns[columns.length - 1]);
    }
}
