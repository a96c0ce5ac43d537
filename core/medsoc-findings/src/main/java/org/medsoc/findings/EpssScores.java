package org.medsoc.findings;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.medsoc.spi.error.MedsocException;

/**
 * FIRST EPSS scores per CVE, read from the daily CSV ({@code epss_scores-YYYY-MM-DD.csv}): an optional comment line
 * {@code #model_version:v2025.03.14,score_date:2025-11-24T12:55:00Z}, the header {@code cve,epss,percentile}, then
 * one line per CVE.
 *
 * @param modelVersion the model version of the comment line, when present
 * @param scoreDate the score date of the comment line as written, when present
 * @param scores scores by upper-case CVE id
 */
public record EpssScores(Optional<String> modelVersion, Optional<String> scoreDate, Map<String, EpssScore> scores) {
    /** Copies the scores. */
    public EpssScores {
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(scoreDate, "scoreDate is null");
        scores = Map.copyOf(requireNonNull(scores, "scores is null"));
    }

    /**
     * Parses the CSV from a stream (not closed); fails with {@link FindingsErrorCode#MALFORMED_FEED} naming the line
     * when the header is missing or a line is malformed.
     */
    public static EpssScores parse(InputStream in) {
        requireNonNull(in, "in is null");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Optional<String> model = Optional.empty();
        Optional<String> date = Optional.empty();
        Map<String, EpssScore> scores = new LinkedHashMap<>();
        try {
            String line;
            int number = 0;
            boolean header = false;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.charAt(0) == '#') {
                    for (String part : line.substring(1).split(",")) {
                        int colon = part.indexOf(':');
                        if (colon > 0) {
                            String key = part.substring(0, colon).strip();
                            String value = part.substring(colon + 1).strip();
                            if (key.equals("model_version")) {
                                model = Optional.of(value);
                            } else if (key.equals("score_date")) {
                                date = Optional.of(value);
                            }
                        }
                    }
                    continue;
                }
                if (!header) {
                    if (!line.toLowerCase(Locale.ROOT).replace(" ", "").startsWith("cve,epss,percentile")) {
                        throw malformed(number, "expected the header 'cve,epss,percentile', found '" + line + "'");
                    }
                    header = true;
                    continue;
                }
                int first = line.indexOf(',');
                int second = first < 0 ? -1 : line.indexOf(',', first + 1);
                if (first <= 0 || second < 0) {
                    throw malformed(number, "expected 'cve,epss,percentile', found '" + line + "'");
                }
                String cve = line.substring(0, first).strip().toUpperCase(Locale.ROOT);
                int third = line.indexOf(',', second + 1);
                try {
                    double epss = Double.parseDouble(line.substring(first + 1, second).strip());
                    double pct = Double.parseDouble(
                            (third < 0 ? line.substring(second + 1) : line.substring(second + 1, third)).strip());
                    scores.put(cve, new EpssScore(epss, pct));
                } catch (NumberFormatException e) {
                    throw malformed(number, "score or percentile is not a number in '" + line + "'");
                } catch (MedsocException e) {
                    throw malformed(number, e.getMessage());
                }
            }
            if (!header) {
                throw malformed(number, "no 'cve,epss,percentile' header found");
            }
        } catch (IOException e) {
            throw new MedsocException(FindingsErrorCode.MALFORMED_FEED, "EPSS CSV cannot be read: " + e, e);
        }
        return new EpssScores(model, date, scores);
    }

    /** The score of a CVE. */
    public Optional<EpssScore> score(String cve) {
        return Optional.ofNullable(scores.get(cve.toUpperCase(Locale.ROOT)));
    }

    private static MedsocException malformed(int line, String reason) {
        return new MedsocException(FindingsErrorCode.MALFORMED_FEED, "EPSS CSV line " + line + ": " + reason);
    }
}
