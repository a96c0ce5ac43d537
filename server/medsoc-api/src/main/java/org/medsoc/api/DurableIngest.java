package org.medsoc.api;

import java.util.List;
import org.medsoc.spi.event.RawMessage;

/** Where the HTTP bulk endpoint hands a batch: returns only once the batch is durable (in the node, the journal). */
@FunctionalInterface
public interface DurableIngest {
    /** Appends the batch durably; answers the sequence number of its last message. */
    long appendDurably(List<RawMessage> batch);
}
