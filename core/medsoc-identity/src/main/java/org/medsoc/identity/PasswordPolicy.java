package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * The rules a new password must meet: at least the minimum length, not the username, and not one of the most common
 * passwords (list in {@code org/medsoc/identity/common-passwords.txt}, compared case-insensitively). Length is
 * counted in code points, so non-Latin passwords are measured fairly.
 */
public final class PasswordPolicy {
    private static final Set<String> COMMON = loadCommon();

    private final int minLength;

    /** A policy with the given minimum length. */
    public PasswordPolicy(int minLength) {
        this.minLength = minLength;
    }

    /** Every rule the password breaks, as sentences; empty when it is acceptable. */
    public List<String> problems(String username, char[] password) {
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        List<String> problems = new ArrayList<>();
        String candidate = new String(password);
        int length = candidate.codePointCount(0, candidate.length());
        if (length < minLength) {
            problems.add("it must be at least " + minLength + " characters long (it has " + length + ")");
        }
        String lower = candidate.toLowerCase(Locale.ROOT);
        if (!username.isEmpty() && lower.equals(username.toLowerCase(Locale.ROOT))) {
            problems.add("it must not be the username");
        }
        if (COMMON.contains(lower)) {
            problems.add("it is one of the most common passwords");
        }
        if (candidate.isBlank() && length > 0) {
            problems.add("it must not be only spaces");
        }
        return problems;
    }

    /** Fails with {@link IdentityErrorCode#WEAK_PASSWORD} naming every broken rule. */
    public void check(String username, char[] password) {
        List<String> problems = problems(username, password);
        if (!problems.isEmpty()) {
            throw new MedsocException(IdentityErrorCode.WEAK_PASSWORD,
                    "the password is too weak: " + String.join("; ", problems)
                            + ". Choose a longer passphrase, for example several unrelated words");
        }
    }

    private static Set<String> loadCommon() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new MedsocException(StandardErrorCode.GENERIC_INTERNAL_ERROR,
                        "org/medsoc/identity/common-passwords.txt is missing from the class path");
            }
            Set<String> out = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s.toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new MedsocException(StandardErrorCode.IO_FAILURE,
                    "cannot read org/medsoc/identity/common-passwords.txt: " + e.getMessage(), e);
        }
    }
}
