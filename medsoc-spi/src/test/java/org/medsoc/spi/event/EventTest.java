package org.medsoc.spi.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventTest {
    @Test
    void putReplacesTheFirstValueAndAddKeepsEarlierOnes() {
        Event e = new Event(TenantId.DEFAULT, 1, "x");
        e.put(Fields.SOURCE_IP, "10.0.0.1").add(Fields.RELATED_IP, "10.0.0.1").add(Fields.RELATED_IP, "10.0.0.2");
        e.put(Fields.SOURCE_IP, "10.0.0.9");
        assertThat(e.value(Fields.SOURCE_IP)).isEqualTo("10.0.0.9");
        assertThat(e.values(Fields.RELATED_IP)).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(e.size()).isEqualTo(3);
        assertThat(e.remove(Fields.RELATED_IP)).isEqualTo(2);
        assertThat(e.has(Fields.RELATED_IP)).isFalse();
        assertThatThrownBy(() -> e.valueAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void behavesLikeAListOfPairsAcrossTheIndexThreshold() {
        // a model: the list of pairs, first occurrence wins for value()
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fields.add(Fields.declare("test.event.f" + i, FieldType.KEYWORD));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            Event e = new Event(TenantId.DEFAULT, 0, "");
            List<Map.Entry<Field, String>> model = new ArrayList<>();
            int ops = random.nextInt(400);
            for (int op = 0; op < ops; op++) {
                Field f = fields.get(random.nextInt(random.nextBoolean() ? 20 : fields.size()));
                String v = "v" + op;
                switch (random.nextInt(10)) {
                    case 0 -> {
                        e.remove(f);
                        model.removeIf(p -> p.getKey() == f);
                    }
                    case 1, 2, 3 -> {
                        e.add(f, v);
                        model.add(Map.entry(f, v));
                    }
                    default -> {
                        e.put(f, v);
                        int i = firstIndex(model, f);
                        if (i >= 0) {
                            model.set(i, Map.entry(f, v));
                        } else {
                            model.add(Map.entry(f, v));
                        }
                    }
                }
            }
            assertThat(e.size()).isEqualTo(model.size());
            for (int i = 0; i < model.size(); i++) {
                assertThat(e.fieldAt(i)).isSameAs(model.get(i).getKey());
                assertThat(e.valueAt(i)).isEqualTo(model.get(i).getValue());
            }
            for (Field f : fields) {
                int i = firstIndex(model, f);
                assertThat(e.value(f)).isEqualTo(i >= 0 ? model.get(i).getValue() : null);
                assertThat(e.has(f)).isEqualTo(i >= 0);
            }
        }
    }

    private static int firstIndex(List<Map.Entry<Field, String>> model, Field f) {
        for (int i = 0; i < model.size(); i++) {
            if (model.get(i).getKey() == f) {
                return i;
            }
        }
        return -1;
    }
}
