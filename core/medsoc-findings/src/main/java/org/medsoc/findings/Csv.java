package org.medsoc.findings;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV writing: fields holding a comma, quote, CR or LF are quoted with inner quotes doubled; lines end in
 * CRLF. Cells a spreadsheet would read as a formula (starting with {@code = + - @}, or a tab or CR) get a leading
 * apostrophe (OWASP CSV injection guidance), so exported scanner text cannot run in Excel.
 */
final class Csv {
    /** The UTF-8 byte order mark, so that Excel detects UTF-8 and shows Chinese correctly. */
    static final char BOM = '\uFEFF';

    private Csv() {}

    static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        String v = value;
        if (!v.isEmpty()) {
            char first = v.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                v = "'" + v;
            }
        }
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
