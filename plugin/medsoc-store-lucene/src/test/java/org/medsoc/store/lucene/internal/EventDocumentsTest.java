package org.medsoc.store.lucene.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class EventDocumentsTest {
    private static final String LONE_SURROGATE = "bad\uD800x";

    /** Indexed terms (binary or string) and sorted-set doc values of one field name, as bytes. */
    private static List<BytesRef> terms(Document doc, String name, boolean docValues) {
        List<BytesRef> out = new ArrayList<>();
        for (IndexableField f : doc.getFields(name)) {
            boolean isDocValue = f.fieldType().docValuesType() == DocValuesType.SORTED_SET;
            boolean isTerm = f.fieldType().indexOptions() != IndexOptions.NONE && !f.fieldType().tokenized();
            if (docValues ? isDocValue : isTerm) {
                out.add(f.binaryValue() != null ? BytesRef.deepCopyOf(f.binaryValue()) : new BytesRef(f.stringValue()));
            }
        }
        return out;
    }

    private static BytesRef javaUtf8(String s) {
        return new BytesRef(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void indexesTheSameTermsAsTheStringsWouldGiveForEveryKindOfValue() {
        Event e = new Event(TenantId.of("hospital-a"), 1_795_600_800_000L, "original 核心");
        e.put(Fields.intern("fortinet.devname"), "核心防火墙");
        e.put(Fields.intern("fortinet.user"), LONE_SURROGATE);
        e.put(Fields.USER_NAME, "张伟");
        e.put(Fields.HOST_NAME, LONE_SURROGATE);
        e.put(Fields.MESSAGE, "登录失败 𠀀 " + LONE_SURROGATE);
        e.put(Fields.SOURCE_IP, "10.1.2.3");
        e.put(Fields.DESTINATION_PORT, "443");
        Document doc = new EventDocuments(new AtomicLong()).toDocument(e, "id-\uD801");

        // _id, tenant and vendor originals are indexed as Lucene encodes their strings (U+FFFD for a lone surrogate),
        // which is what a query for the same text looks up
        assertThat(terms(doc, FieldNames.ID, false)).containsExactly(new BytesRef("id-\uD801"));
        assertThat(terms(doc, FieldNames.TENANT, false)).containsExactly(new BytesRef("hospital-a"));
        assertThat(terms(doc, "fortinet.devname", false)).containsExactly(new BytesRef("核心防火墙"));
        assertThat(terms(doc, "fortinet.user", false)).containsExactly(new BytesRef(LONE_SURROGATE));
        assertThat(terms(doc, "fortinet.user", true)).isEmpty();
        // keywords and the exact variant of text: term and doc value are the String.getBytes form, as before
        assertThat(terms(doc, "user.name", false)).containsExactly(javaUtf8("张伟"));
        assertThat(terms(doc, "user.name", true)).containsExactly(javaUtf8("张伟"));
        assertThat(terms(doc, "host.name", false)).containsExactly(javaUtf8(LONE_SURROGATE));
        assertThat(terms(doc, "host.name", true)).containsExactly(javaUtf8(LONE_SURROGATE));
        String message = "登录失败 𠀀 " + LONE_SURROGATE;
        assertThat(terms(doc, "message.keyword", false)).containsExactly(javaUtf8(message));
        assertThat(terms(doc, "message.keyword", true)).containsExactly(javaUtf8(message));
        assertThat(doc.getFields("message")).singleElement()
                .satisfies(f -> assertThat(f.stringValue()).isEqualTo(message));
        // the source still round-trips the whole event
        Event back = EventSource.decode(doc.getBinaryValue(FieldNames.SOURCE));
        assertThat(back.value(Fields.MESSAGE)).isEqualTo(message.replace('\uD800', '?'));
        assertThat(back.value(Fields.USER_NAME)).isEqualTo("张伟");
        assertThat(back.id()).isEqualTo("id-?");
    }

    @Test
    void reusesItsBuffersWithoutMixingTwoEvents() {
        EventDocuments documents = new EventDocuments(new AtomicLong());
        Event first = new Event(TenantId.of("hospital-a"), 1L, "a").put(Fields.USER_NAME, "first-user-with-a-long-name");
        Event second = new Event(TenantId.of("hospital-b"), 2L, "b").put(Fields.USER_NAME, "second");
        List<BytesRef> fromFirst = terms(documents.toDocument(first, "1"), "user.name", true);
        Document doc = documents.toDocument(second, "2");
        assertThat(fromFirst).containsExactly(javaUtf8("first-user-with-a-long-name"));
        assertThat(terms(doc, "user.name", false)).containsExactly(javaUtf8("second"));
        assertThat(terms(doc, FieldNames.TENANT, false)).containsExactly(new BytesRef("hospital-b"));
        assertThat(terms(doc, FieldNames.ID, false)).containsExactly(new BytesRef("2"));
    }
}
