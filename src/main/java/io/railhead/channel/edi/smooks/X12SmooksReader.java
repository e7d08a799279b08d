package io.railhead.channel.edi.smooks;

import io.railhead.x12.X12Handler;
import io.railhead.x12.X12JsonTree;
import io.railhead.x12.X12Parser;
import io.railhead.x12.X12Report;
import io.railhead.x12.X12Schemas;
import jakarta.annotation.PostConstruct;
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
import org.smooks.api.SmooksConfigException;
import org.smooks.api.resource.reader.SmooksXMLReader;
import org.xml.sax.ContentHandler;
import org.xml.sax.DTDHandler;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Smooks reader for X12 (mappings/edi/x12-interchange.smooks.xml, used by the {@code edi-interchange}
 * route): the streaming {@link X12Parser} reads the interchange (separators from each ISA, structure
 * from the DFDL schemas in {@code mappings/edi/x12/}), with no DFDL runtime and no XML text in between,
 * and its content is bound straight to a JSON tree ({@link X12JsonTree}) put in the bean context as
 * {@code x12} (param {@code jsonBeanId}). The parse report (envelope values, separators, every error)
 * is put there as {@code x12Reports} for the 997/TA1 and the routing of the sets.
 *
 * <p>Param {@code saxEvents}: {@code all} (default) also feeds Smooks the content as SAX events, one
 * element per structure and value, those that may repeat with {@code repeat="true"}, for configs whose
 * visitors select X12 elements; {@code root} feeds only the document element {@code X12}. Smooks'
 * per-element work (fragments, interceptors, mementos) costs far more than parsing, so a config that
 * only needs the beans says {@code root} (see docs/adr/0006-x12-parsing-in-smooks.md).
 */
public class X12SmooksReader implements SmooksXMLReader {

    /** Folder of the X12 schemas, relative to the hub's mappings folder. */
    @Inject
    private String schemaDir = "edi/x12";

    /** Bean id of the JSON tree of the file. */
    @Inject
    private String jsonBeanId = "x12";

    /** {@code all}: every structure and value as a SAX element; {@code root}: only {@code X12}. */
    @Inject
    private String saxEvents = "all";

    private ContentHandler contentHandler;
    private ExecutionContext executionContext;
    private ErrorHandler errorHandler;
    private EntityResolver entityResolver;
    private DTDHandler dtdHandler;

    @PostConstruct
    public void checkParams() {
        if (!"all".equals(saxEvents) && !"root".equals(saxEvents)) {
            throw new SmooksConfigException("X12SmooksReader param saxEvents must be all or root, not " + saxEvents);
        }
    }

    @Override
    public void setExecutionContext(ExecutionContext executionContext) {
        this.executionContext = executionContext;
    }

    @Override
    public void parse(InputSource input) throws IOException, SAXException {
        try {
            String text = read(input);
            X12JsonTree tree = new X12JsonTree();
            SaxEvents events = new SaxEvents(contentHandler, tree, "all".equals(saxEvents));
            contentHandler.startDocument();
            List<X12Report> reports = new X12Parser(X12Schemas.loader(schemaDir)).parse(text, events);
            contentHandler.endDocument();
            if (events.failure != null) {
                throw events.failure;
            }
            executionContext.getBeanContext().addBean(jsonBeanId, tree.root());
            executionContext.getBeanContext().addBean("x12Reports", reports);
        } finally {
            // a pooled reader (filter setting readerPoolSize) must not keep the last file's beans alive
            executionContext = null;
        }
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

    /** Passes parser callbacks to the JSON tree and, all of them or only the outermost, to SAX. */
    private static final class SaxEvents implements X12Handler {
        private static final AttributesImpl NONE = new AttributesImpl();
        private static final AttributesImpl REPEAT = new AttributesImpl();

        static {
            REPEAT.addAttribute("", "repeat", "repeat", "CDATA", "true");
        }

        private final ContentHandler out;
        private final X12JsonTree tree;
        private final boolean all;
        private int depth;
        SAXException failure;

        SaxEvents(ContentHandler out, X12JsonTree tree, boolean all) {
            this.out = out;
            this.tree = tree;
            this.all = all;
        }

        @Override
        public void start(String name, boolean repeating) {
            tree.start(name, repeating);
            if (!all && depth++ > 0) {
                return;
            }
            try {
                out.startElement("", name, name, repeating ? REPEAT : NONE);
            } catch (SAXException e) {
                failure = failure == null ? e : failure;
            }
        }

        @Override
        public void value(String name, String value) {
            tree.value(name, value);
            if (!all) {
                return;
            }
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
            tree.end(name);
            if (!all && --depth > 0) {
                return;
            }
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
