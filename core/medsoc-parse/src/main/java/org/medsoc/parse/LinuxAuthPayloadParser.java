package org.medsoc.parse;

import org.jspecify.annotations.Nullable;
import org.medsoc.spi.event.Event;

/** Linux authentication logs: sshd, sudo, su, PAM, useradd. PLACEHOLDER: being written; detects nothing yet. */
public final class LinuxAuthPayloadParser implements PayloadParser {
    @Override
    public String name() {
        return "linux_auth";
    }

    @Override
    public boolean detects(String payload, ParseContext context) {
        return false;
    }

    @Override
    public @Nullable String parse(String payload, ParseContext context, Event event) {
        return "linux_auth parser is not implemented yet";
    }
}
