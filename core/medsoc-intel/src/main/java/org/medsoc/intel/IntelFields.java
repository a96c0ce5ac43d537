package org.medsoc.intel;

import java.util.List;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * The event fields that {@link IndicatorIndex} looks at, including the ECS names it declares because the SPI schema
 * does not have them yet ({@code client.ip}, {@code server.ip}, {@code file.hash.md5}, {@code file.hash.sha1},
 * {@code email.from.address}, {@code email.to.address}).
 */
public final class IntelFields {
    /** ECS {@code client.ip}. */
    public static final Field CLIENT_IP = Fields.declare("client.ip", FieldType.IP);
    /** ECS {@code server.ip}. */
    public static final Field SERVER_IP = Fields.declare("server.ip", FieldType.IP);
    /** ECS {@code file.hash.md5}. */
    public static final Field FILE_HASH_MD5 = Fields.declare("file.hash.md5", FieldType.KEYWORD);
    /** ECS {@code file.hash.sha1}. */
    public static final Field FILE_HASH_SHA1 = Fields.declare("file.hash.sha1", FieldType.KEYWORD);
    /** ECS {@code email.from.address}. */
    public static final Field EMAIL_FROM = Fields.declare("email.from.address", FieldType.KEYWORD);
    /** ECS {@code email.to.address}. */
    public static final Field EMAIL_TO = Fields.declare("email.to.address", FieldType.KEYWORD);

    /** Fields holding IP addresses. */
    public static final List<Field> IP = List.of(Fields.SOURCE_IP, Fields.DESTINATION_IP, CLIENT_IP, SERVER_IP,
            Fields.SOURCE_NAT_IP, Fields.DESTINATION_NAT_IP);
    /** Fields holding domain names (subdomains of an indicator match it). */
    public static final List<Field> DOMAIN = List.of(Fields.DNS_QUESTION_NAME, Fields.URL_DOMAIN,
            Fields.SOURCE_DOMAIN, Fields.DESTINATION_DOMAIN);
    /** Fields holding full URLs. */
    public static final List<Field> URL = List.of(Fields.URL_ORIGINAL, Fields.HTTP_REQUEST_REFERRER);
    /** Fields holding hex digests (the digest type follows from the length). */
    public static final List<Field> HASH = List.of(Fields.FILE_HASH_SHA256, FILE_HASH_MD5, FILE_HASH_SHA1,
            Fields.PROCESS_HASH_MD5, Fields.PROCESS_HASH_SHA1, Fields.PROCESS_HASH_SHA256, Fields.RELATED_HASH);
    /** Fields holding e-mail addresses (their domain is also matched against domain indicators). */
    public static final List<Field> EMAIL = List.of(EMAIL_FROM, EMAIL_TO);
    /** Fields holding user agents. */
    public static final List<Field> USER_AGENT = List.of(Fields.USER_AGENT_ORIGINAL);

    private IntelFields() {}
}
