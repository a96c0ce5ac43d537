package org.medsoc.vuln.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.vuln.ParseLimits;
import org.medsoc.vuln.VulnErrorCode;

/**
 * A hardened StAX cursor over an untrusted report.
 *
 * <p>Safety: DTD support and external entities are off, so no entity is ever expanded (undeclared references fail
 * the parse). A DOCTYPE is tolerated only in its bare form {@code <!DOCTYPE name>} because nmap writes one into every
 * report; one with an external identifier ({@code SYSTEM}/{@code PUBLIC}) or an internal subset ({@code [...]}, where
 * entity bombs live) is refused before anything else is read. Each text node (summed over the chunks the parser
 * hands out), each attribute value and the element depth are bounded by {@link ParseLimits}; errors carry source,
 * line, column and the element path.
 */
final class XmlCursor implements AutoCloseable {
    private static final int PROLOG_BYTES = 64 << 10;
    private final XMLStreamReader reader;
    private final String source;
    private final ParseLimits limits;
    private final Deque<String> path = new ArrayDeque<>();
    private int event = XMLStreamConstants.START_DOCUMENT;
    private long textRun;

    /** Why a DOCTYPE in this document is refused, or null when the prolog holds only a bare one. */
    private final @Nullable String doctypeRefusal;

    private XmlCursor(XMLStreamReader reader, String source, ParseLimits limits, @Nullable String doctypeRefusal) {
        this.reader = reader;
        this.source = source;
        this.limits = limits;
        this.doctypeRefusal = doctypeRefusal;
    }

    static XmlCursor open(InputStream in, String source, ParseLimits limits) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, PROLOG_BYTES);
            String head = head(buffered, source);
            Charset charset = sniffCharset(head, source);
            String doctypeRefusal = doctypeRefusal(head);
            Reader reader = new InputStreamReader(buffered, charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            return new XmlCursor(factory.createXMLStreamReader(reader), source, limits, doctypeRefusal);
        } catch (XMLStreamException e) {
            throw malformed(source, e);
        }
    }

    /** The first {@link #PROLOG_BYTES} bytes as ISO-8859-1 text, the stream reset to its start. */
    private static String head(BufferedInputStream in, String source) {
        try {
            in.mark(PROLOG_BYTES);
            byte[] head = in.readNBytes(PROLOG_BYTES);
            in.reset();
            return new String(head, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new MedsocException(VulnErrorCode.REPORT_NOT_READABLE, source + ": cannot read the report: " + e, e);
        }
    }

    /**
     * Why a DOCTYPE is refused, judged from the raw prolog (the parser's own DTD text is unreliable when it reads
     * from a Reader): null for no DOCTYPE or a bare {@code <!DOCTYPE name>}.
     */
    private static @Nullable String doctypeRefusal(String head) {
        int doctype = head.indexOf("<!DOCTYPE");
        if (doctype < 0) {
            return head.length() < PROLOG_BYTES ? null : "a DOCTYPE not within the first " + PROLOG_BYTES + " bytes";
        }
        int i = doctype + "<!DOCTYPE".length();
        while (i < head.length() && Character.isWhitespace(head.charAt(i))) {
            i++;
        }
        while (i < head.length() && !Character.isWhitespace(head.charAt(i)) && head.charAt(i) != '>'
                && head.charAt(i) != '[') {
            i++;
        }
        while (i < head.length() && Character.isWhitespace(head.charAt(i))) {
            i++;
        }
        if (i < head.length() && head.charAt(i) == '>') {
            return null;
        }
        if (i < head.length() && head.charAt(i) == '[') {
            return "DOCTYPE with an internal subset (entity or element declarations) is refused;"
                    + " scanner reports never need one - remove the DOCTYPE";
        }
        if (head.startsWith("SYSTEM", i) || head.startsWith("PUBLIC", i)) {
            return "DOCTYPE referring to an external DTD is refused (external entities are disabled)"
                    + " - remove the DOCTYPE";
        }
        return "DOCTYPE other than a bare <!DOCTYPE name> is refused - remove the DOCTYPE";
    }

    /**
     * The report's charset from a byte-order mark or the XML declaration's {@code encoding}, UTF-8 by default.
     * Decoding ourselves with a strict decoder (rather than letting the parser do it) keeps the JDK parser from
     * printing "[Fatal Error]" lines to stderr for invalid byte sequences.
     */
    private static Charset sniffCharset(String start, String source) {
        if (start.length() >= 2 && (start.charAt(0) == 0xFE && start.charAt(1) == 0xFF
                || start.charAt(0) == 0xFF && start.charAt(1) == 0xFE)) {
            return StandardCharsets.UTF_16;
        }
        int declarationEnd = start.startsWith("<?xml") ? start.indexOf("?>") : -1;
        if (declarationEnd > 0) {
            String declaration = start.substring(0, declarationEnd);
            int encoding = declaration.indexOf("encoding");
            if (encoding > 0) {
                int quote = encoding + "encoding".length();
                while (quote < declaration.length() && declaration.charAt(quote) != '"'
                        && declaration.charAt(quote) != '\'') {
                    quote++;
                }
                if (quote < declaration.length()) {
                    int close = declaration.indexOf(declaration.charAt(quote), quote + 1);
                    if (close > quote) {
                        String name = declaration.substring(quote + 1, close).strip();
                        try {
                            return Charset.forName(name);
                        } catch (IllegalArgumentException e) {
                            throw new MedsocException(VulnErrorCode.MALFORMED_REPORT,
                                    source + ": unsupported encoding '" + name + "' in the XML declaration", e);
                        }
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The source name used in error messages. */
    String source() {
        return source;
    }

    /** Advances to the root element and returns its local name. */
    String root() {
        while (next() != XMLStreamConstants.START_ELEMENT) {
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw error("the document has no root element");
            }
        }
        return reader.getLocalName();
    }

    /** Element depth: 1 while on the root element's start tag. */
    int depth() {
        return path.size();
    }

    /** Local name of the current element (start or end tag). */
    String name() {
        return reader.getLocalName();
    }

    /**
     * Moves to the next child element of the element whose start tag was at {@code parentDepth}; false once that
     * element's end tag is passed.
     */
    boolean nextChild(int parentDepth) {
        while (true) {
            int e = next();
            if (e == XMLStreamConstants.START_ELEMENT && path.size() == parentDepth + 1) {
                return true;
            }
            if (e == XMLStreamConstants.END_ELEMENT && path.size() == parentDepth) {
                return false;
            }
            if (e == XMLStreamConstants.END_DOCUMENT) {
                throw error("unexpected end of document");
            }
        }
    }

    /** Attribute value of the current start tag, or null. */
    @Nullable String attribute(String localName) {
        return reader.getAttributeValue(null, localName);
    }

    /** Attribute value of the current start tag; missing is an error. */
    String requiredAttribute(String localName) {
        String value = reader.getAttributeValue(null, localName);
        if (value == null) {
            throw error("element <" + name() + "> lacks the required attribute '" + localName + "'");
        }
        return value;
    }

    /** Integer attribute; missing or non-numeric is an error. */
    int intAttribute(String localName, int min, int max) {
        String value = requiredAttribute(localName).strip();
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw error("attribute '" + localName + "' of <" + name() + "> is " + n + ", outside " + min + ".."
                        + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error("attribute '" + localName + "' of <" + name() + "> is not a number: '" + value + "'");
        }
    }

    /**
     * Text directly inside the current element (which must be at its start tag); child elements are skipped. Leaves
     * the cursor on the element's end tag.
     */
    String text() {
        return text(XmlCursor::skip);
    }

    /**
     * Text directly inside the current element (at its start tag) while each child element, at its start tag, is
     * handed to {@code children}, which must consume it. Leaves the cursor on the element's end tag.
     */
    String text(java.util.function.Consumer<XmlCursor> children) {
        int depth = path.size();
        StringBuilder text = new StringBuilder();
        while (true) {
            int e = next();
            switch (e) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                    text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                case XMLStreamConstants.START_ELEMENT -> children.accept(this);
                case XMLStreamConstants.END_ELEMENT -> {
                    if (path.size() == depth) {
                        return text.toString();
                    }
                }
                case XMLStreamConstants.END_DOCUMENT -> throw error("unexpected end of document");
                default -> {
                    // comments and processing instructions carry no content
                }
            }
        }
    }

    /** Skips the current element (at its start tag) with everything inside it. */
    void skip() {
        int depth = path.size();
        while (true) {
            int e = next();
            if (e == XMLStreamConstants.END_ELEMENT && path.size() == depth) {
                return;
            }
            if (e == XMLStreamConstants.END_DOCUMENT) {
                throw error("unexpected end of document");
            }
        }
    }

    /** Reads to the end of the document, checking it is well-formed. */
    void finish() {
        while (event != XMLStreamConstants.END_DOCUMENT) {
            next();
        }
    }

    private int next() {
        if (event == XMLStreamConstants.END_ELEMENT) {
            path.pop();
        }
        try {
            event = reader.next();
        } catch (XMLStreamException e) {
            throw malformed(source, e);
        }
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                textRun = 0;
                path.push(reader.getLocalName());
                if (path.size() > limits.maxElementDepth()) {
                    throw new MedsocException(
                            VulnErrorCode.REPORT_TOO_LARGE,
                            where() + ": elements nest deeper than the limit of " + limits.maxElementDepth()
                                    + " (ParseLimits.maxElementDepth)");
                }
                for (int i = 0; i < reader.getAttributeCount(); i++) {
                    if (reader.getAttributeValue(i).length() > limits.maxTextLength()) {
                        throw new MedsocException(
                                VulnErrorCode.REPORT_TOO_LARGE,
                                where() + ": attribute '" + reader.getAttributeLocalName(i)
                                        + "' is longer than the limit of " + limits.maxTextLength()
                                        + " chars (ParseLimits.maxTextLength)");
                    }
                }
            }
            case XMLStreamConstants.END_ELEMENT -> textRun = 0;
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                textRun += reader.getTextLength();
                if (textRun > limits.maxTextLength()) {
                    throw new MedsocException(
                            VulnErrorCode.REPORT_TOO_LARGE,
                            where() + ": text is longer than the limit of " + limits.maxTextLength()
                                    + " chars (ParseLimits.maxTextLength)");
                }
            }
            case XMLStreamConstants.DTD -> {
                if (doctypeRefusal != null) {
                    throw new MedsocException(VulnErrorCode.FORBIDDEN_XML_CONSTRUCT, where() + ": " + doctypeRefusal);
                }
            }
            case XMLStreamConstants.ENTITY_REFERENCE ->
                throw new MedsocException(
                        VulnErrorCode.FORBIDDEN_XML_CONSTRUCT,
                        where() + ": entity reference '&" + reader.getLocalName() + ";' is not allowed");
            default -> {
                // comments, processing instructions, document end
            }
        }
        return event;
    }

    /** An error at the current position. */
    MedsocException error(String message) {
        return new MedsocException(VulnErrorCode.MALFORMED_REPORT, where() + ": " + message);
    }

    private String where() {
        Location location = reader.getLocation();
        StringBuilder at = new StringBuilder(source);
        if (location != null && location.getLineNumber() > 0) {
            at.append(':').append(location.getLineNumber()).append(':').append(location.getColumnNumber());
        }
        if (!path.isEmpty()) {
            at.append(" in /");
            Iterator<String> names = path.descendingIterator();
            while (names.hasNext()) {
                at.append(names.next());
                if (names.hasNext()) {
                    at.append('/');
                }
            }
        }
        return at.toString();
    }

    private static MedsocException malformed(String source, XMLStreamException e) {
        if (e.getCause() instanceof MedsocException medsoc) {
            return medsoc; // size limit hit inside the parser's read
        }
        if (e.getNestedException() instanceof java.nio.charset.CharacterCodingException coding) {
            return new MedsocException(VulnErrorCode.MALFORMED_REPORT,
                    source + ": malformed XML: invalid byte sequence for the report's encoding (" + coding + ")", e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int marker = message.indexOf("Message: ");
        if (marker >= 0) {
            message = message.substring(marker + "Message: ".length());
        }
        Location location = e.getLocation();
        String at = location == null
                ? source
                : source + ":" + location.getLineNumber() + ":" + location.getColumnNumber();
        return new MedsocException(VulnErrorCode.MALFORMED_REPORT, at + ": malformed XML: " + message.strip(), e);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            throw malformed(source, e);
        }
    }
}
