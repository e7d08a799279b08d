package io.railhead.edi.smooks;

import io.railhead.edi.x12.X12Handler;
import io.railhead.edi.x12.X12Parser;
import io.railhead.edi.x12.X12Report;
import io.railhead.edi.x12.X12Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.inject.Inject;
import org.smooks.api.ExecutionContext;
import org.smooks.api.resource.reader.SmooksXMLReader;
import org.xml.sax.ContentHandler;
import org.xml.sax.DTDHandler;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Smooks reader for X12: feeds Smooks the interchange as SAX events straight from the streaming
 * {@link X12Parser} (separators from each ISA, structure from the DFDL schemas in
 * {@code mappings/edi/x12/}), with no DFDL runtime and no XML text in between. Elements that may
 * repeat carry {@code repeat="true"}. The parse report (envelope values, separators, every error) is
 * put in the bean context as {@code x12Reports} for the 997/TA1 and the routing of the sets.
 */
public class X12SmooksReader implements SmooksXMLReader {

    /** Folder of the X12 schemas, relative to the hub's mappings folder. */
    @Inject
    private String schemaDir = "edi/x12";

    private ContentHandler contentHandler;
    private ExecutionContext executionContext;
    private ErrorHandler errorHandler;
    private EntityResolver entityResolver;
    private DTDHandler dtdHandler;

    @Override
    public void setExecutionContext(ExecutionContext executionContext) {
        this.executionContext = executionContext;
    }

    @Override
    public void parse(InputSource input) throws IOException, SAXException {
        String text = read(input);
        SaxEvents events = new SaxEvents(contentHandler);
        contentHandler.startDocument();
        List<X12Report> reports = new X12Parser(X12Schemas.loader(schemaDir)).parse(text, events);
        contentHandler.endDocument();
        if (events.failure != null) {
            throw events.failure;
        }
        executionContext.getBeanContext().addBean("x12Reports", reports);
    }

    /** Bytes as UTF-8 when they are valid UTF-8, else ISO-8859-1 (every byte kept). */
    static String read(InputSource input) throws IOException {
        if (input.getByteStream() != null) {
            try (InputStream in = input.getByteStream()) {
                return decode(in.readAllBytes());
            }
        }
        StringWriter w = new StringWriter();
        input.getCharacterStream().transferTo(w);
        return w.toString();
    }

    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Adapts parser callbacks to SAX. */
    private static final class SaxEvents implements X12Handler {
        private static final AttributesImpl NONE = new AttributesImpl();
        private static final AttributesImpl REPEAT = new AttributesImpl();

        static {
            REPEAT.addAttribute("", "repeat", "repeat", "CDATA", "true");
        }

        private final ContentHandler out;
        SAXException failure;

        SaxEvents(ContentHandler out) {
            this.out = out;
        }

        @Override
        public void start(String name, boolean repeating) {
            try {
                out.startElement("", name, name, repeating ? REPEAT : NONE);
            } catch (SAXException e) {
                failure = failure == null ? e : failure;
            }
        }

        @Override
        public void value(String name, String value) {
            try {
                out.startElement("", name, name, NONE);
                char[] chars = value.toCharArray();
                out.characters(chars, 0, chars.length);
                out.endElement("", name, name);
            } catch (SAXException e) {
                failure = failure == null ? e : failure;
            }
        }

        @Override
        public void end(String name) {
            try {
                out.endElement("", name, name);
            } catch (SAXException e) {
                failure = failure == null ? e : failure;
            }
        }
    }

    @Override
    public void parse(String systemId) {
        throw new UnsupportedOperationException("X12 is read from the message body, not from a system id");
    }

    @Override
    public boolean getFeature(String name) {
        return false;
    }

    @Override
    public void setFeature(String name, boolean value) {
    }

    @Override
    public Object getProperty(String name) {
        return null;
    }

    @Override
    public void setProperty(String name, Object value) {
    }

    @Override
    public void setEntityResolver(EntityResolver resolver) {
        this.entityResolver = resolver;
    }

    @Override
    public EntityResolver getEntityResolver() {
        return entityResolver;
    }

    @Override
    public void setDTDHandler(DTDHandler handler) {
        this.dtdHandler = handler;
    }

    @Override
    public DTDHandler getDTDHandler() {
        return dtdHandler;
    }

    @Override
    public void setContentHandler(ContentHandler handler) {
        this.contentHandler = handler;
    }

    @Override
    public ContentHandler getContentHandler() {
        return contentHandler;
    }

    @Override
    public void setErrorHandler(ErrorHandler handler) {
        this.errorHandler = handler;
    }

    @Override
    public ErrorHandler getErrorHandler() {
        return errorHandler;
    }
}
