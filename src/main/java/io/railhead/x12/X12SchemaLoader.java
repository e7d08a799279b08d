package io.railhead.x12;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the X12 DFDL schemas of {@code mappings/edi/x12/} into {@link X12Schema}s, once per
 * transaction set and version. The schemas are plain DFDL (segments are elements with a
 * {@code dfdl:initiator}, loops are elements without one, occurrence limits are XSD's); the
 * X12 facts DFDL has no words for (element type, min/max length, code lists, dictionary
 * reference) are attributes in the {@code urn:railhead:x12} namespace. Adding version 005010 is
 * adding {@code x12/005010/*.dfdl.xsd}: nothing here names a version.
 */
public class X12SchemaLoader {

    static final String XSD = "http://www.w3.org/2001/XMLSchema";
    static final String DFDL = "http://www.ogf.org/dfdl/dfdl-1.0/";
    static final String RH = "urn:railhead:x12";

    private final Path root;
    private final Map<String, Optional<X12Schema>> cache = new ConcurrentHashMap<>();

    /** @param root the {@code x12} folder holding one folder per version (e.g. 004010) */
    public X12SchemaLoader(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The schema of a transaction set in a version (GS08, e.g. "004010"), if there is one. */
    public Optional<X12Schema> find(String version, String transactionSet) {
        if (version == null || transactionSet == null || !X12Parser.matches(version, "[0-9A-Za-z]{1,12}")
                || !X12Parser.matches(transactionSet, "[0-9A-Za-z]{1,6}")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(version + "/" + transactionSet, k -> {
            Path file = root.resolve(version).resolve(transactionSet + ".dfdl.xsd");
            return Files.isRegularFile(file) ? Optional.of(load(file, version, transactionSet)) : Optional.empty();
        });
    }

    /** The versions that have a folder of schemas. */
    public boolean supportsVersion(String version) {
        return version != null && X12Parser.matches(version, "[0-9A-Za-z]{1,12}")
                && Files.isDirectory(root.resolve(version));
    }

    X12Schema load(Path file, String version, String transactionSet) {
        try {
            Map<String, Element> globals = new HashMap<>();
            collectGlobals(file, globals, new LinkedHashSet<>());
            Element root = globals.get("X12_" + transactionSet);
            if (root == null) {
                throw new IllegalStateException(file + " has no element X12_" + transactionSet);
            }
            Map<String, X12Schema.SegmentDef> dictionary = new HashMap<>();
            for (Element e : globals.values()) {
                String initiator = e.getAttributeNS(DFDL, "initiator");
                if (!initiator.isEmpty()) {
                    dictionary.put(initiator, segment(e, initiator));
                }
            }
            X12Schema.Loop body = loop(root, "X12_" + transactionSet, 1, 1, globals, dictionary);
            return new X12Schema(transactionSet, version, body, Map.copyOf(dictionary));
        } catch (IOException | SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("cannot read X12 schema " + file + ": " + e.getMessage(), e);
        }
    }

    private void collectGlobals(Path file, Map<String, Element> globals, Set<Path> seen)
            throws IOException, SAXException, javax.xml.parsers.ParserConfigurationException {
        Path normalized = file.toAbsolutePath().normalize();
        if (!seen.add(normalized)) {
            return;
        }
        Document doc = builder().parse(normalized.toFile());
        for (Element child : children(doc.getDocumentElement())) {
            if (isXsd(child, "include")) {
                collectGlobals(normalized.getParent().resolve(child.getAttribute("schemaLocation")), globals, seen);
            } else if (isXsd(child, "element")) {
                globals.put(child.getAttribute("name"), child);
            }
        }
    }

    private static DocumentBuilder builder() throws javax.xml.parsers.ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder();
    }

    private X12Schema.Loop loop(Element element, String name, int min, int max, Map<String, Element> globals,
                                Map<String, X12Schema.SegmentDef> dictionary) {
        List<X12Schema.Node> nodes = new ArrayList<>();
        for (Element child : sequence(element)) {
            int cmin = occurs(child.getAttribute("minOccurs"), 1);
            int cmax = occurs(child.getAttribute("maxOccurs"), 1);
            String ref = child.getAttribute("ref");
            Element target = ref.isEmpty() ? child : globals.get(localName(ref));
            if (target == null) {
                throw new IllegalStateException("element " + ref + " referenced in " + name + " is not declared");
            }
            String initiator = target.getAttributeNS(DFDL, "initiator");
            if (!initiator.isEmpty()) {
                X12Schema.SegmentDef def = dictionary.computeIfAbsent(initiator, i -> segment(target, i));
                nodes.add(new X12Schema.SegmentRef(def, cmin, cmax));
            } else {
                nodes.add(loop(target, target.getAttribute("name"), cmin, cmax, globals, dictionary));
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalStateException("loop " + name + " has no segments");
        }
        return new X12Schema.Loop(name, min, max, List.copyOf(nodes));
    }

    private X12Schema.SegmentDef segment(Element segment, String id) {
        List<X12Schema.ElementDef> elements = new ArrayList<>();
        int position = 0;
        for (Element e : sequence(segment)) {
            position++;
            elements.add(element(e, position));
        }
        return new X12Schema.SegmentDef(id, List.copyOf(elements));
    }

    private X12Schema.ElementDef element(Element e, int position) {
        List<X12Schema.ElementDef> components = new ArrayList<>();
        Element complex = child(e, "complexType");
        if (complex != null) {
            int p = 0;
            for (Element c : sequence(e)) {
                p++;
                components.add(element(c, p));
            }
        }
        String codes = e.getAttributeNS(RH, "codes");
        return new X12Schema.ElementDef(e.getAttribute("name"), position,
                occurs(e.getAttribute("minOccurs"), 1) > 0,
                attr(e, "type", complex != null ? "COMPOSITE" : "AN"),
                Integer.parseInt(attr(e, "min", "1")), Integer.parseInt(attr(e, "max", "999999")),
                codes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(codes.trim().split("\\s+"))),
                e.getAttributeNS(RH, "ref").isEmpty() ? null : e.getAttributeNS(RH, "ref"), List.copyOf(components));
    }

    private static String attr(Element e, String name, String fallback) {
        String v = e.getAttributeNS(RH, name);
        return v.isEmpty() ? fallback : v;
    }

    /** Children of the element's complexType/sequence (xsd:element only). */
    private static List<Element> sequence(Element element) {
        Element complex = child(element, "complexType");
        Element seq = complex == null ? null : child(complex, "sequence");
        if (seq == null) {
            return List.of();
        }
        return children(seq).stream().filter(c -> isXsd(c, "element")).toList();
    }

    private static Element child(Element parent, String localName) {
        return children(parent).stream().filter(c -> isXsd(c, localName)).findFirst().orElse(null);
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    private static boolean isXsd(Element e, String localName) {
        return XSD.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    private static String localName(String qname) {
        int i = qname.indexOf(':');
        return i < 0 ? qname : qname.substring(i + 1);
    }

    private static int occurs(String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return "unbounded".equals(value) ? X12Schema.UNBOUNDED : Integer.parseInt(value);
    }
}
