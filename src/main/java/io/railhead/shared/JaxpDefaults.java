package io.railhead.shared;

/**
 * Keeps the JDK's own XML parser, transformer and XPath as the JAXP defaults. The EDI cartridge
 * brings Xerces and Saxon, which would otherwise take over every {@code newInstance()} in the
 * process (Spring, Artemis, Hawtio) by the service-loader lookup; an explicit system property set
 * by the operator still wins.
 */
public final class JaxpDefaults {

    private JaxpDefaults() {
    }

    public static void pin() {
        pin("javax.xml.parsers.DocumentBuilderFactory",
                "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
        pin("javax.xml.parsers.SAXParserFactory", "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
        pin("javax.xml.transform.TransformerFactory",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
        pin("javax.xml.xpath.XPathFactory:http://java.sun.com/jaxp/xpath/dom",
                "com.sun.org.apache.xpath.internal.jaxp.XPathFactoryImpl");
        pin("javax.xml.validation.SchemaFactory:http://www.w3.org/2001/XMLSchema",
                "com.sun.org.apache.xerces.internal.jaxp.validation.XMLSchemaFactory");
    }

    private static void pin(String property, String implementation) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, implementation);
        }
    }
}
