package org.medsoc.asset;

import java.util.ArrayList;
import java.util.List;

/**
 * The storage form of multi-valued attributes in one column: one line per item, tab-separated parts, with
 * {@code \\}, {@code \n} and {@code \t} escaped by a backslash. Plain, reversible and readable in SQL.
 */
final class AssetCodec {
    private AssetCodec() {}

    static String encodeStrings(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            if (b.length() > 0) {
                b.append('\n');
            }
            escape(b, v);
        }
        return b.toString();
    }

    static List<String> decodeStrings(String text) {
        List<String> out = new ArrayList<>();
        for (List<String> row : decode(text)) {
            out.add(row.get(0));
        }
        return out;
    }

    static String encodeSoftware(List<Software> values) {
        List<List<String>> rows = new ArrayList<>(values.size());
        for (Software s : values) {
            rows.add(List.of(s.name(), s.version()));
        }
        return encode(rows);
    }

    static List<Software> decodeSoftware(String text) {
        List<Software> out = new ArrayList<>();
        for (List<String> row : decode(text)) {
            out.add(new Software(row.get(0), part(row, 1)));
        }
        return out;
    }

    static String encodeExposure(List<ExposedService> values) {
        List<List<String>> rows = new ArrayList<>(values.size());
        for (ExposedService s : values) {
            rows.add(List.of(Integer.toString(s.port()), s.protocol(), s.service()));
        }
        return encode(rows);
    }

    static List<ExposedService> decodeExposure(String text) {
        List<ExposedService> out = new ArrayList<>();
        for (List<String> row : decode(text)) {
            out.add(new ExposedService(Integer.parseInt(row.get(0)), part(row, 1), part(row, 2)));
        }
        return out;
    }

    static String encodePorts(List<OpenPort> values) {
        List<List<String>> rows = new ArrayList<>(values.size());
        for (OpenPort p : values) {
            rows.add(List.of(Integer.toString(p.port()), p.protocol(), p.service(), p.product(), p.version()));
        }
        return encode(rows);
    }

    static List<OpenPort> decodePorts(String text) {
        List<OpenPort> out = new ArrayList<>();
        for (List<String> row : decode(text)) {
            out.add(new OpenPort(Integer.parseInt(row.get(0)), part(row, 1), part(row, 2), part(row, 3),
                    part(row, 4)));
        }
        return out;
    }

    private static String part(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    static String encode(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                b.append('\n');
            }
            List<String> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append('\t');
                }
                escape(b, row.get(i));
            }
        }
        return b.toString();
    }

    static List<List<String>> decode(String text) {
        List<List<String>> rows = new ArrayList<>();
        if (text.isEmpty()) {
            return rows;
        }
        List<String> row = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                cur.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else if (c == '\t') {
                row.add(cur.toString());
                cur.setLength(0);
            } else if (c == '\n') {
                row.add(cur.toString());
                cur.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cur.append(c);
            }
        }
        row.add(cur.toString());
        rows.add(row);
        return rows;
    }

    private static void escape(StringBuilder b, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
    }
}
