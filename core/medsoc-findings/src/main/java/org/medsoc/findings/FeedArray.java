package org.medsoc.findings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.ObjIntConsumer;
import org.medsoc.spi.error.MedsocException;

/**
 * Streams the elements of the top-level {@code vulnerabilities} array of a JSON feed (the CISA KEV catalog, NVD API
 * responses) one object at a time, so that a feed of any size is never held as one tree.
 */
final class FeedArray {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedArray() {}

    /**
     * Hands every object of {@code vulnerabilities} with its index to {@code each}; fails with {@link
     * FindingsErrorCode#MALFORMED_FEED} as {@code "<feed>: <document> is not a JSON object"}, {@code "<feed>: <document>
     * has no 'vulnerabilities' array"} or {@code "<invalidJson>: <parser message>"}.
     *
     * @param in read, not closed
     * @param feed the feed's name in messages, e.g. {@code KEV catalog}
     * @param document what the stream holds, e.g. {@code the catalog}
     * @param invalidJson the message prefix for text that is not JSON
     */
    static void forEach(InputStream in, String feed, String document, String invalidJson,
            ObjIntConsumer<JsonNode> each) {
        try (JsonParser parser = JSON.createParser(in)) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(feed, document + " is not a JSON object");
            }
            boolean seen = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"vulnerabilities".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw malformed(feed, "'vulnerabilities' is not an array");
                }
                seen = true;
                int index = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    each.accept(JSON.readTree(parser), index++);
                }
            }
            if (!seen) {
                throw malformed(feed, document + " has no 'vulnerabilities' array");
            }
        } catch (IOException e) {
            throw new MedsocException(FindingsErrorCode.MALFORMED_FEED, invalidJson + ": " + e.getMessage(), e);
        }
    }

    private static MedsocException malformed(String feed, String reason) {
        return new MedsocException(FindingsErrorCode.MALFORMED_FEED, feed + ": " + reason);
    }
}
