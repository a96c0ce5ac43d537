package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medsoc.spi.error.MedsocException;

/**
 * A named list of known-benign values (public DNS resolvers, large CDNs, the hospital's own ranges). An indicator
 * whose value is on a warning list is left out of an index, and an observed value on a list never matches, even
 * when it lies inside an indicator's network or under an indicator's domain. Domain entries cover their
 * subdomains, CIDR entries their addresses.
 */
public record WarningList(String name, List<IndicatorKey> entries) {
    public WarningList {
        requireNonNull(name, "name is null");
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
    }

    /**
     * Reads a warning list in text form: one entry per line as {@code TYPE value} ({@code TYPE} an
     * {@link IndicatorType} name, any case), blank lines and {@code #} comments ignored. All bad lines are reported
     * together, each with its line number.
     *
     * @throws MedsocException with {@link IntelErrorCode#INVALID_INDICATOR} naming every bad line
     */
    public static WarningList read(String name, InputStream in) {
        requireNonNull(name, "name is null");
        List<IndicatorKey> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                int hash = line.indexOf('#');
                String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (text.isEmpty()) {
                    continue;
                }
                int space = text.indexOf(' ');
                if (space < 0) {
                    problems.add("line " + number + ": expected 'TYPE value'");
                    continue;
                }
                try {
                    IndicatorType type = IndicatorType.valueOf(text.substring(0, space).toUpperCase(Locale.ROOT));
                    entries.add(new IndicatorKey(type, text.substring(space + 1)));
                } catch (IllegalArgumentException e) {
                    problems.add("line " + number + ": unknown type '" + text.substring(0, space) + "'");
                } catch (MedsocException e) {
                    problems.add("line " + number + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "could not read warning list " + name, e);
        }
        if (!problems.isEmpty()) {
            throw new MedsocException(IntelErrorCode.INVALID_INDICATOR,
                    "warning list " + name + " has " + problems.size() + " bad line(s): " + String.join("; ", problems));
        }
        return new WarningList(name, entries);
    }

    /**
     * The warning list shipped with medsoc: public DNS resolvers (international and those common in China) that
     * malware samples query and feeds therefore often list.
     */
    public static WarningList publicResolvers() {
        try (InputStream in = WarningList.class.getResourceAsStream("/org/medsoc/intel/public-resolvers.txt")) {
            if (in == null) {
                throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE,
                        "public-resolvers.txt is missing from the medsoc-intel jar");
            }
            return read("public-resolvers", in);
        } catch (IOException e) {
            throw new MedsocException(IntelErrorCode.FEED_UNAVAILABLE, "could not read public-resolvers.txt", e);
        }
    }
}
