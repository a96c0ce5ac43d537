package org.medsoc.asset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static List<List<String>> rows(String text) {
        CsvReader.Result r = CsvReader.parse(text);
        assertThat(r.error()).as(text).isNull();
        return r.records().stream().map(CsvReader.CsvRecord::fields).toList();
    }

    @Test
    void readsRfc4180Fields() {
        assertThat(rows("a,b,c\r\n1,2,3\r\n")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
        assertThat(rows("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")).containsExactly(List.of("a", "b"),
                List.of("x,y", "say \"hi\""));
        assertThat(rows("a,b\n\"line1\nline2\",z")).containsExactly(List.of("a", "b"), List.of("line1\nline2", "z"));
        assertThat(rows("a,,\n,,")).containsExactly(List.of("a", "", ""), List.of("", "", ""));
        assertThat(rows("a\rb\r\n\r\n\nc")).containsExactly(List.of("a"), List.of("b"), List.of("c"));
        // a record of one empty field is a blank line to a ledger
        assertThat(rows("\"\"")).isEmpty();
        assertThat(rows("ab\"c,d")).containsExactly(List.of("ab\"c", "d"));
    }

    @Test
    void numbersRecordsByTheLineTheyStartOn() {
        CsvReader.Result r = CsvReader.parse("h1,h2\n\"a\nb\nc\",x\n\ny,z\n");
        assertThat(r.records()).extracting(CsvReader.CsvRecord::line).containsExactly(1L, 2L, 6L);
    }

    @Test
    void reportsUnclosedQuotesAndTextAfterAClosingQuote() {
        CsvReader.Result open = CsvReader.parse("a,b\n1,\"abc\n2,3\n");
        assertThat(open.error()).contains("starting on line 2 is never closed");
        assertThat(open.errorLine()).isEqualTo(2);
        CsvReader.Result after = CsvReader.parse("a,b\n1,\"abc\"x\n");
        assertThat(after.error()).contains("field 2 on line 2 has text after its closing quote");
    }

    @Test
    void decodesUtf8WithOrWithoutBomElseGb18030() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'i', 'p'};
        assertThat(CsvReader.decode(bom).text()).isEqualTo("ip");
        assertThat(CsvReader.decode("科室".getBytes(UTF_8)).charset()).isEqualTo(UTF_8);
        CsvReader.Decoded gb = CsvReader.decode("科室,责任人".getBytes(CsvReader.GB18030));
        assertThat(gb.charset()).isEqualTo(CsvReader.GB18030);
        assertThat(gb.text()).isEqualTo("科室,责任人");
    }

    @Test
    void writesFieldsThatReadBackUnchanged() {
        List<String> values = List.of("plain", "with,comma", "with \"quote\"", "multi\nline", " padded ", "", "中文");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            CsvReader.appendField(b, values.get(i));
        }
        assertThat(rows(b.toString())).containsExactly(values);
    }

    /** Seeded mutation fuzzing of the reader and the ledger cell readers: no exception escapes, lines increase. */
    @Test
    void survivesMutatedLedgers() {
        Random random = new Random(20261125);
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("chinese-utf8-bom.csv", "chinese-gb18030.csv", "quoted.csv", "bad-rows.csv",
                "unterminated-quote.csv")) {
            seeds.add(Fixture.resource(name));
        }
        LedgerColumn[] columns = LedgerColumn.values();
        byte[] alphabet = ",\"\r\n;/ 0123456789abcdef:.-".getBytes(UTF_8);
        for (int iteration = 0; iteration < 20_000; iteration++) {
            byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())), alphabet);
            CsvReader.Decoded decoded = CsvReader.decode(input);
            CsvReader.Result result = CsvReader.parse(decoded.text());
            long previous = 0;
            for (CsvReader.CsvRecord rec : result.records()) {
                assertThat(rec.line()).isGreaterThan(previous);
                previous = rec.line();
                for (String cell : rec.fields()) {
                    LedgerColumn column = columns[random.nextInt(columns.length)];
                    try {
                        column.read(AssetAttributes.builder(AssetKind.HOST, "x"), cell);
                    } catch (IllegalArgumentException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
            }
        }
    }

    private static byte[] mutate(Random random, byte[] seed, byte[] alphabet) {
        List<Byte> bytes = new ArrayList<>(seed.length + 8);
        for (byte b : seed) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int op = random.nextInt(5);
            int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
            switch (op) {
                case 0 -> {
                    if (!bytes.isEmpty()) {
                        bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
                    }
                }
                case 1 -> bytes.add(at, alphabet[random.nextInt(alphabet.length)]);
                case 2 -> {
                    if (!bytes.isEmpty()) {
                        bytes.remove(at);
                    }
                }
                case 3 -> {
                    while (bytes.size() > at) {
                        bytes.remove(bytes.size() - 1);
                    }
                }
                default -> bytes.add(at, (byte) random.nextInt(256));
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
