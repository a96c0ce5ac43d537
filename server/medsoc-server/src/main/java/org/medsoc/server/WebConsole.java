package org.medsoc.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * The analyst web console (module {@code medsoc-console}: classpath resources under {@code /medsoc-console/}) served
 * at {@code /}: files as they are, and {@code index.html} for every other GET outside the API so that the
 * single-page application's own paths ({@code /incidents/7}) survive a reload.
 *
 * <p>Paths under {@code /api/}, {@code /health} and {@code /metrics} are never answered here; they fall through to
 * the API's routes and its 404 problem. A build without the console ({@code -Dmedsoc.console.skip=true}) leaves
 * the node serving the API only.
 */
final class WebConsole {
    private static final System.Logger LOG = System.getLogger(WebConsole.class.getName());
    /** Classpath folder holding the built console. */
    static final String ROOT = "medsoc-console";

    private WebConsole() {}

    /** Adds the console's routes (call after the API's routes and before the final not-found route). */
    static boolean register(HttpRouting.Builder routing) {
        URL index = WebConsole.class.getClassLoader().getResource(ROOT + "/index.html");
        if (index == null) {
            LOG.log(Level.INFO, "web console not packaged (built with -Dmedsoc.console.skip=true?): serving the API only");
            return false;
        }
        byte[] indexHtml = read(index);
        routing.register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                .location(ROOT)
                .welcome("index.html")
                .build()));
        routing.get("/*", (req, res) -> page(req, res, indexHtml));
        return true;
    }

    /** Whether a path belongs to the API (and must never be answered with the console page). */
    static boolean apiPath(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/health") || path.equals("/metrics");
    }

    private static void page(ServerRequest req, ServerResponse res, byte[] indexHtml) {
        String path = req.prologue().uriPath().path();
        if (apiPath(path)) {
            res.next();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(indexHtml);
    }

    private static byte[] read(URL url) {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE, "cannot read the web console's " + url + ": " + e, e);
        }
    }
}
