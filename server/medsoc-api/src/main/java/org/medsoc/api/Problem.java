package org.medsoc.api;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.medsoc.spi.error.ErrorCode;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;

/**
 * An RFC 9457 problem detail: what the API answers for every error.
 *
 * @param type a URI naming the problem kind, derived from the error code
 * @param title short, stable, human-readable summary of the kind
 * @param status the HTTP status
 * @param detail what exactly went wrong in this request and what to do about it
 * @param code the stable machine-readable error name (for example {@code INVALID_QUERY})
 * @param instance the request path
 */
public record Problem(String type, String title, int status, String detail, String code, String instance) {
    public Problem {
        requireNonNull(type, "type is null");
        requireNonNull(title, "title is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(code, "code is null");
        requireNonNull(instance, "instance is null");
    }

    /** The problem for a medsoc failure: status from the error type and, for some codes, the code itself. */
    public static Problem of(MedsocException e, String instance) {
        ErrorCode ec = e.errorCode();
        return of(ec, statusOf(ec), String.valueOf(e.getMessage()), instance);
    }

    /** A problem with an explicit status. */
    public static Problem of(ErrorCode ec, int status, String detail, String instance) {
        String name = ec.name();
        String slug = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return new Problem("https://medsoc.org/problems/" + slug, title(name), status, detail, name, instance);
    }

    /**
     * HTTP status of an error code. Besides the type, code names follow conventions every module uses: {@code
     * *NOT_FOUND} is 404, {@code *PERMISSION_DENIED} and {@code *FORBIDDEN} 403, {@code CONCURRENT_MODIFICATION},
     * {@code INVALID_TRANSITION}, {@code DUPLICATE_KEY} and {@code *CONFLICT} 409, {@code *LOCKED} 423,
     * {@code *UNAUTHENTICATED} 401 (see ADR 0004).
     */
    public static int statusOf(ErrorCode ec) {
        String name = ec.name();
        if (name.endsWith("NOT_FOUND")) {
            return 404;
        }
        if (name.endsWith("PERMISSION_DENIED") || name.endsWith("FORBIDDEN")) {
            return 403;
        }
        if (name.equals("CONCURRENT_MODIFICATION") || name.equals("INVALID_TRANSITION")
                || name.equals("DUPLICATE_KEY") || name.endsWith("CONFLICT")) {
            return 409;
        }
        if (name.endsWith("LOCKED")) {
            return 423;
        }
        if (name.endsWith("UNAUTHENTICATED")) {
            return 401;
        }
        if (name.equals(ApiErrorCode.METHOD_NOT_ALLOWED.name())) {
            return 405;
        }
        if (name.equals(StandardErrorCode.PAYLOAD_TOO_LARGE.name()) || name.equals(ApiErrorCode.BODY_TOO_LARGE.name())) {
            return 413;
        }
        return switch (ec.type()) {
            case USER -> 400;
            case INTERNAL -> 500;
            case EXTERNAL -> 502;
            case INSUFFICIENT_RESOURCES -> 503;
        };
    }

    private static String title(String name) {
        String s = name.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
