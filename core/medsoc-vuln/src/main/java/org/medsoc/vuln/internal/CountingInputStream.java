package org.medsoc.vuln.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.VulnErrorCode;

/** Fails the read once more than a maximum number of bytes has come through. */
final class CountingInputStream extends FilterInputStream {
    private final long maxBytes;
    private final String source;
    private long count;

    CountingInputStream(InputStream in, long maxBytes, String source) {
        super(in);
        this.maxBytes = maxBytes;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) {
        count += n;
        if (count > maxBytes) {
            throw new MedsocException(
                    VulnErrorCode.REPORT_TOO_LARGE,
                    source + ": report is larger than the limit of " + maxBytes
                            + " bytes; split the scan or raise ParseLimits.maxReportBytes");
        }
    }
}
