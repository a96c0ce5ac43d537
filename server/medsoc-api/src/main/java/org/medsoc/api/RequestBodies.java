package org.medsoc.api;

import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongFunction;
import org.medsoc.spi.error.MedsocException;

/** Reads request bodies with a size limit, failing as soon as the limit is passed (not after buffering it all). */
final class RequestBodies {
    private RequestBodies() {}

    static byte[] read(ServerRequest req, int maxBytes, LongFunction<MedsocException> tooLarge) throws IOException {
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            throw tooLarge.apply(length.getAsLong());
        }
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(
                    length.isPresent() ? (int) length.getAsLong() : 64 * 1024);
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge.apply(total);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
