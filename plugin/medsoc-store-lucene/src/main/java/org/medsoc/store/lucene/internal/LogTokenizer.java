package org.medsoc.store.lucene.internal;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Splits log text into lowercase words: maximal runs of letters and digits; every other character separates.
 * Each CJK ideograph, kana or hangul character is a token of its own, so Chinese text is searchable by phrases of
 * characters. Words longer than {@link #MAX_TOKEN_LENGTH} characters are cut into pieces of that length.
 *
 * <p>So {@code 10.1.2.3} becomes {@code 10 1 2 3}, {@code C:\Windows\cmd.exe} becomes {@code c windows cmd exe}.
 * The query parser turns a query term that analyses into several tokens into a phrase, which is how IP addresses,
 * paths and host names stay searchable as written ({@code message:10.1.2.3}).
 */
final class LogTokenizer extends Tokenizer {
    static final int MAX_TOKEN_LENGTH = 255;
    private static final int BUFFER_SIZE = 4096;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final char[] buffer = new char[BUFFER_SIZE];
    private int bufferLength;
    private int bufferIndex;
    private int bufferOffset;
    private int finalOffset;

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        int length = 0;
        int start = -1;
        int end = -1;
        char[] out = term.buffer();
        while (true) {
            if (bufferIndex >= bufferLength) {
                bufferOffset += bufferLength;
                bufferLength = fill();
                bufferIndex = 0;
                if (bufferLength <= 0) {
                    bufferLength = 0;
                    break;
                }
            }
            int cp = Character.codePointAt(buffer, bufferIndex, bufferLength);
            int width = Character.charCount(cp);
            if (width == 2 && bufferIndex + 1 >= bufferLength) {
                // high surrogate at the end of the buffer: treat the lone half as a separator
                cp = ' ';
                width = 1;
            }
            int position = bufferOffset + bufferIndex;
            if (isSingleCharacterToken(cp)) {
                if (length > 0) {
                    break; // emit the word before it; the ideograph is read again next time
                }
                bufferIndex += width;
                length = Character.toChars(Character.toLowerCase(cp), out, 0);
                start = position;
                end = position + width;
                break;
            }
            if (Character.isLetterOrDigit(cp)) {
                if (length == 0) {
                    start = position;
                }
                if (length + 2 > out.length) {
                    out = term.resizeBuffer(length + 2);
                }
                length += Character.toChars(Character.toLowerCase(cp), out, length);
                bufferIndex += width;
                end = position + width;
                if (length >= MAX_TOKEN_LENGTH) {
                    break;
                }
            } else {
                bufferIndex += width;
                if (length > 0) {
                    break;
                }
            }
        }
        if (length == 0) {
            return false;
        }
        term.setLength(length);
        offset.setOffset(correctOffset(start), finalOffset = correctOffset(end));
        return true;
    }

    private static boolean isSingleCharacterToken(int cp) {
        if (cp < 0x2E80) {
            return false;
        }
        if (Character.isIdeographic(cp)) {
            return true;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HANGUL;
    }

    private int fill() throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int r = input.read(buffer, total, buffer.length - total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total == 0 ? -1 : total;
    }

    @Override
    public void end() throws IOException {
        super.end();
        int f = correctOffset(bufferOffset + bufferLength);
        offset.setOffset(f, f);
        finalOffset = f;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        bufferLength = 0;
        bufferIndex = 0;
        bufferOffset = 0;
        finalOffset = 0;
    }
}
