package dev.ourahrvsync.export;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reads a {@code healthxml} export back as a tool that reads Apple Health exports would. */
public final class AppleHealthExports {

    private AppleHealthExports() {
    }

    /** The zip must hold exactly Apple's one path; returns its bytes. */
    public static byte[] exportXml(Path zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertEquals("apple_health_export/export.xml", entry.getName());
            byte[] xml = in.readAllBytes();
            assertNull(in.getNextEntry(), "one entry");
            return xml;
        }
    }

    /** Parses with a validating DOM parser: the document must also satisfy the DOCTYPE it declares. */
    public static Document parseValidating(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setValidating(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        try (InputStream in = new ByteArrayInputStream(xml)) {
            return builder.parse(in);
        }
    }

    public static List<Element> records(Document xml) {
        NodeList nodes = xml.getDocumentElement().getElementsByTagName("Record");
        List<Element> records = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            records.add((Element) nodes.item(i));
        }
        return records;
    }

    public static String metadata(Element record, String key) {
        NodeList entries = record.getElementsByTagName("MetadataEntry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            if (entry.getAttribute("key").equals(key)) {
                return entry.getAttribute("value");
            }
        }
        return null;
    }
}
