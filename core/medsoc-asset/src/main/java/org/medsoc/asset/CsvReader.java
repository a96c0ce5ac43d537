package org.medsoc.asset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 4180 CSV: comma-separated fields, optionally enclosed in double quotes, a double quote inside a quoted
 * field written twice, line breaks (CRLF, LF or CR) allowed inside quoted fields. Blank lines are skipped. A
 * stray quote inside an unquoted field is kept literally, as spreadsheets read it.
 */
final class CsvReader {
    /** GB18030, the Chinese national character set that spreadsheets on Chinese Windows save CSV in. */
    static final Charset GB18030 = Charset.forName("GB18030");

    /**
     * One record.
     *
     * @param line the line the record starts on, 1-based
     * @param fields its fields
     */
    record CsvRecord(long line, List<String> fields) {}

    /**
     * The records, or the first syntax error.
     *
     * @param records records before the error
     * @param error what is wrong, null when the whole text was read
     * @param errorLine the line of the error
     */
    record Result(List<CsvRecord> records, @Nullable String error, long errorLine) {}

    /**
     * The text of a file: UTF-8 when it starts with the UTF-8 byte-order mark or decodes as UTF-8 without error,
     * otherwise GB18030.
     */
    record Decoded(String text, Charset charset) {}

    private CsvReader() {}

    static Decoded decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            return new Decoded(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return new Decoded(chars.toString(), StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new Decoded(new String(bytes, GB18030), GB18030);
        }
    }

    static Result parse(String text) {
        List<CsvRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long line = 1;
        long recordLine = 1;
        int n = text.length();
        int i = 0;
        boolean atFieldStart = true;
        while (i <= n) {
            if (i == n) {
                if (!fields.isEmpty() || field.length() > 0 || !atFieldStart) {
                    fields.add(field.toString());
                    addRecord(records, recordLine, fields);
                }
                break;
            }
            char c = text.charAt(i);
            if (atFieldStart && c == '"') {
                long quoteLine = line;
                i++;
                while (true) {
                    if (i >= n) {
                        return new Result(records, "a quoted field (field " + (fields.size() + 1)
                                + ") starting on line " + quoteLine + " is never closed; close it with a double quote",
                                quoteLine);
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n' || (q == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                        line++;
                    }
                    field.append(q);
                    i++;
                }
                if (i < n) {
                    char after = text.charAt(i);
                    if (after != ',' && after != '\n' && after != '\r') {
                        return new Result(records, "field " + (fields.size() + 1) + " on line " + line
                                + " has text after its closing quote; write a quote inside a quoted field as \"\"",
                                line);
                    }
                }
                atFieldStart = false;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                i++;
            } else if (c == '\n' || c == '\r') {
                fields.add(field.toString());
                field.setLength(0);
                addRecord(records, recordLine, fields);
                fields = new ArrayList<>();
                atFieldStart = true;
                i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                atFieldStart = false;
                i++;
            }
        }
        return new Result(records, null, 0);
    }

    private static void addRecord(List<CsvRecord> records, long line, List<String> fields) {
        if (fields.size() == 1 && fields.get(0).isBlank()) {
            return;
        }
        records.add(new CsvRecord(line, List.copyOf(fields)));
    }

    /** Appends a field quoted when it holds a comma, quote, line break or leading/trailing space. */
    static void appendField(StringBuilder out, String value) {
        boolean quote = value.isEmpty() ? false : value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ';
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
