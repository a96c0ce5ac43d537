/** Building blocks of the receivers: syslog framing, tenant resolution by peer, counters, file-tail offsets. */
@NullMarked
package org.medsoc.ingest.receiver;

import org.jspecify.annotations.NullMarked;
