package org.medsoc.journal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link JournalCrashTest} kills: appends durably in a loop and prints {@code ack <sequence>} after each
 * acknowledged batch (message {@code i} gets sequence {@code i}, the journal being fresh).
 */
final class JournalCrashChild {
    private JournalCrashChild() {}

    public static void main(String[] args) {
        JournalConfig config = JournalConfig.defaults(Path.of(args[0]))
                .withMinFreeDiskBytes(0)
                .withSegmentBytes(64 * 1024)
                .withFlushInterval(Duration.ofMillis(1));
        Journal journal = Journal.open(config);
        long next = 1;
        for (int b = 0; ; b++) {
            int size = 1 + b % 17;
            long last = journal.appendDurably(TestMessages.batch(next, size));
            if (last != next + size - 1) {
                System.out.println("error sequence " + last + " expected " + (next + size - 1));
                System.exit(2);
            }
            next = last + 1;
            System.out.println("ack " + last);
            System.out.flush();
        }
    }
}
