package org.medsoc.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A test event from a YAML mapping: scalar or list values, null meaning absent. */
record MapEventView(Map<?, ?> map) implements EventView {
    @Override
    public @Nullable String value(String field) {
        List<String> values = values(field);
        return values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public List<String> values(String field) {
        Object value = map.get(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    @Override
    public List<String> allValues() {
        List<String> all = new ArrayList<>();
        for (Object key : map.keySet()) {
            all.addAll(values(String.valueOf(key)));
        }
        return all;
    }
}
