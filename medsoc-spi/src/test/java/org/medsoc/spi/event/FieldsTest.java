package org.medsoc.spi.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FieldsTest {
    @Test
    void internsOnceAndRejectsInvalidNames() {
        Field a = Fields.intern("vendor.some_key");
        assertThat(a).isNotNull();
        assertThat(Fields.intern("vendor.some_key")).isSameAs(a);
        assertThat(Fields.byId(a.id())).isSameAs(a);
        assertThat(a.type()).isEqualTo(FieldType.KEYWORD);
        long refused = Fields.refusedInterns();
        assertThat(Fields.intern("bad name")).isNull();
        assertThat(Fields.intern("a..b")).isNull();
        assertThat(Fields.intern("x".repeat(Fields.MAX_NAME_LENGTH + 1))).isNull();
        assertThat(Fields.refusedInterns()).isEqualTo(refused + 3);
    }

    @Test
    void declareFailsOnATypeConflict() {
        assertThat(Fields.declare("source.ip", FieldType.IP)).isSameAs(Fields.SOURCE_IP);
        assertThatThrownBy(() -> Fields.declare("source.ip", FieldType.KEYWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already declared as IP");
    }
}
