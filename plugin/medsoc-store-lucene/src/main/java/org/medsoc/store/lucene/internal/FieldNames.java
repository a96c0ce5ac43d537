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

    private FieldNames() {}

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
