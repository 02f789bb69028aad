package dev.ourahrvsync.export;

import dev.ourahrvsync.output.LocalTimes;
import dev.ourahrvsync.output.RecordWriter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Records in the layout of Apple Health's own export, so that tools that read those read ours: a zip holding
 * {@value #ENTRY}, whose {@code HealthData} root holds an {@code ExportDate}, a {@code Me} with nothing set, then one
 * {@code Record} per record. Streamed through a real XML writer into the zip, record by record.
 */
final class AppleHealthZip implements RecordWriter<AppleHealthRecord> {

    static final String ENTRY = "apple_health_export/export.xml";
    static final String SOURCE_NAME = "Oura Ring (oura-hrv-sync)";
    /** Numbers are written with a decimal point and dates in one fixed pattern, whatever the machine's locale. */
    static final String LOCALE = "en_US";

    /** Apple's document type, cut down to the elements written here, so that a validating parser accepts it. */
    private static final String DOCTYPE = """
            <!DOCTYPE HealthData [
            <!-- HealthKit Export Version: 14 (the part oura-hrv-sync writes) -->
            <!ELEMENT HealthData (ExportDate,Me,(Record)*)>
            <!ATTLIST HealthData
              locale CDATA #REQUIRED
            >
            <!ELEMENT ExportDate EMPTY>
            <!ATTLIST ExportDate
              value CDATA #REQUIRED
            >
            <!ELEMENT Me EMPTY>
            <!ATTLIST Me
              HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
              HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
              HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
              HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
            >
            <!ELEMENT Record (MetadataEntry*)>
            <!ATTLIST Record
              type          CDATA #REQUIRED
              unit          CDATA #IMPLIED
              value         CDATA #IMPLIED
              sourceName    CDATA #REQUIRED
              sourceVersion CDATA #IMPLIED
              device        CDATA #IMPLIED
              creationDate  CDATA #IMPLIED
              startDate     CDATA #REQUIRED
              endDate       CDATA #REQUIRED
            >
            <!ELEMENT MetadataEntry EMPTY>
            <!ATTLIST MetadataEntry
              key   CDATA #REQUIRED
              value CDATA #REQUIRED
            >
            ]>""";

    private final ZipOutputStream zip;
    private final XMLStreamWriter xml;

    AppleHealthZip(OutputStream out, ZonedDateTime exportedAt) throws IOException {
        zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        ZipEntry entry = new ZipEntry(ENTRY);
        entry.setTime(exportedAt.toInstant().toEpochMilli());
        zip.putNextEntry(entry);
        try {
            // the JDK's own writer, whatever StAX implementation the classpath offers
            xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(zip, StandardCharsets.UTF_8.name());
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.writeCharacters("\n");
            xml.writeDTD(DOCTYPE);
            xml.writeCharacters("\n");
            xml.writeStartElement("HealthData");
            xml.writeAttribute("locale", LOCALE);
            indent(1);
            xml.writeEmptyElement("ExportDate");
            xml.writeAttribute("value", LocalTimes.appleHealth(exportedAt.toOffsetDateTime()));
            indent(1);
            xml.writeEmptyElement("Me");
            xml.writeAttribute("HKCharacteristicTypeIdentifierDateOfBirth", "");
            xml.writeAttribute("HKCharacteristicTypeIdentifierBiologicalSex", "HKBiologicalSexNotSet");
            xml.writeAttribute("HKCharacteristicTypeIdentifierBloodType", "HKBloodTypeNotSet");
            xml.writeAttribute("HKCharacteristicTypeIdentifierFitzpatrickSkinType", "HKFitzpatrickSkinTypeNotSet");
        } catch (XMLStreamException e) {
            throw new IOException("export.xml could not be written", e);
        }
    }

    @Override
    public void write(AppleHealthRecord record) throws IOException {
        String time = LocalTimes.appleHealth(record.time());
        try {
            indent(1);
            xml.writeStartElement("Record");
            xml.writeAttribute("type", record.type());
            xml.writeAttribute("sourceName", SOURCE_NAME);
            xml.writeAttribute("unit", record.unit());
            xml.writeAttribute("creationDate", time);
            xml.writeAttribute("startDate", time);
            xml.writeAttribute("endDate", time);
            xml.writeAttribute("value", record.value().toString());
            for (AppleHealthRecord.Metadata metadata : record.metadata()) {
                indent(2);
                xml.writeEmptyElement("MetadataEntry");
                xml.writeAttribute("key", metadata.key());
                xml.writeAttribute("value", metadata.value());
            }
            indent(1);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("export.xml could not be written", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("export.xml could not be written", e);
        }
        zip.closeEntry();
        zip.close();
    }

    /** Apple's file puts each element on a line of its own, indented one space a level. */
    private void indent(int level) throws XMLStreamException {
        xml.writeCharacters("\n" + " ".repeat(level));
    }
}
