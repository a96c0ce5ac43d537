package org.medsoc.store.lucene.internal;

import java.util.Optional;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.FieldType;
import org.medsoc.spi.event.Fields;

/**
 * Names of the Lucene fields of a document and how event field names map onto them.
 *
 * <p>An event field is indexed under its own name by its {@link FieldType}. A {@code TEXT} field also gets an exact
 * keyword variant {@code <name>.keyword} for values up to {@link #TEXT_KEYWORD_MAX_LENGTH} characters (as
 * Elasticsearch's default {@code ignore_above: 256}): it serves exact matches, sorting and top values. Names not in
 * the field registry are keywords (vendor fields are interned at ingest time and the registry is not persisted).
 */
public final class FieldNames {
    /** The event id: indexed, not stored; the key of upserts. */
    public static final String ID = "_id";
    /** The whole event in {@link EventSource} form, stored only. */
    public static final String SOURCE = "_source";
    /** The tenant, indexed as a keyword. */
    public static final String TENANT = "medsoc.tenant";
    /** The timestamp: point, numeric doc values. */
    public static final String TIMESTAMP = "@timestamp";
    /** The query syntax for "field has a value". */
    public static final String EXISTS = "_exists_";
    /** Suffix of the exact variant of text fields. */
    public static final String KEYWORD_SUFFIX = ".keyword";
    /** Longer keyword values are kept only in {@code _source} (not searchable, not aggregatable). */
    public static final int KEYWORD_MAX_LENGTH = 8192;
    /** Longer text values get no {@code .keyword} variant. */
    public static final int TEXT_KEYWORD_MAX_LENGTH = 256;

    /**
     * Top-level namespaces of normalised fields (ECS, Winlogbeat's {@code winlog}, medsoc's own). Fields outside them
     * are vendor originals ({@code fortinet.*}, {@code cef.*}, {@code suricata.eve.*}...).
     */
    private static final java.util.Set<String> NORMALISED_NAMESPACES = java.util.Set.of(
            "@timestamp", "message", "tags", "labels", "event", "log", "host", "source", "destination", "network",
            "user", "process", "file", "url", "http", "user_agent", "dns", "rule", "observer", "related", "error",
            "medsoc", "threat", "vulnerability", "agent", "service", "server", "client", "tls", "registry", "group",
            "email", "cloud", "container", "organization", "winlog", "ecs", "geo", "hash", "interface", "package");

    private FieldNames() {}

    /**
     * Whether a field is a vendor original: kept whole in {@code _source} and indexed for search (terms) only, without
     * doc values, so it can be matched but not sorted or aggregated (aggregate its normalised field instead). Firewall
     * events carry dozens of such fields next to the normalised ones; indexing them fully doubles the cost of a
     * document.
     */
    public static boolean isVendorOriginal(String name) {
        int dot = name.indexOf('.');
        String namespace = dot < 0 ? name : name.substring(0, dot);
        return dot > 0 && !NORMALISED_NAMESPACES.contains(namespace);
    }

    /** Whether an event field of this name is kept only in {@code _source} because the name is internal. */
    public static boolean isReserved(String name) {
        return name.equals(ID) || name.equals(SOURCE) || name.equals(TENANT) || name.equals(TIMESTAMP);
    }

    /** The type a query or aggregation treats a field name as. */
    public static FieldType typeOf(String name) {
        if (name.equals(TIMESTAMP)) {
            return FieldType.DATE;
        }
        Optional<Field> field = Fields.find(name);
        return field.isPresent() ? field.get().type() : FieldType.KEYWORD;
    }
}
