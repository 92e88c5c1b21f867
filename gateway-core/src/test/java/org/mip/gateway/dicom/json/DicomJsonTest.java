package org.mip.gateway.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.BulkData;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;

class DicomJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A study-level query result written by hand after the example of PS3.18 F.4. */
    private static final String F4_EXAMPLE = """
            {
              "00080005": { "vr": "CS", "Value": [ "ISO_IR 192" ] },
              "00080020": { "vr": "DA", "Value": [ "20130409" ] },
              "00080030": { "vr": "TM", "Value": [ "131600.0000" ] },
              "00080050": { "vr": "SH", "Value": [ "11235813" ] },
              "00080056": { "vr": "CS", "Value": [ "ONLINE" ] },
              "00080061": { "vr": "CS", "Value": [ "CT", "PET" ] },
              "00080090": { "vr": "PN", "Value": [ { "Alphabetic": "^Bob^^Dr." } ] },
              "00081190": { "vr": "UR", "Value": [ "http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ] },
              "00090010": { "vr": "LO", "Value": [ "Vendor A" ] },
              "00091002": { "vr": "UN", "InlineBinary": "z0x9c8v7" },
              "00100010": { "vr": "PN", "Value": [ { "Alphabetic": "Wang^XiaoDong", "Ideographic": "王^小東" } ] },
              "00100020": { "vr": "LO", "Value": [ "12345" ] },
              "00100021": { "vr": "LO", "Value": [ "Hospital A" ] },
              "00100030": { "vr": "DA", "Value": [ "19670701" ] },
              "00100040": { "vr": "CS", "Value": [ "M" ] },
              "00101002": { "vr": "SQ", "Value": [
                  { "00100020": { "vr": "LO", "Value": [ "54321" ] },
                    "00100021": { "vr": "LO", "Value": [ "Hospital B" ] } },
                  { "00100020": { "vr": "LO", "Value": [ "24680" ] },
                    "00100021": { "vr": "LO", "Value": [ "Hospital C" ] } } ] },
              "0020000D": { "vr": "UI", "Value": [ "1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ] },
              "00200010": { "vr": "SH", "Value": [ "11235813" ] },
              "00201206": { "vr": "IS", "Value": [ 4 ] },
              "00201208": { "vr": "IS", "Value": [ 942 ] }
            }
            """;

    @Test
    void parse_readsTheStandardsExample() {
        Attributes ds = DicomJson.parse(F4_EXAMPLE);

        assertThat(ds.getStrings(Tag.ModalitiesInStudy)).containsExactly("CT", "PET");
        assertThat(ds.getPersonName(Tag.ReferringPhysicianName).alphabetic().givenName()).isEqualTo("Bob");
        assertThat(ds.getPersonName(Tag.PatientName).ideographic()).isEqualTo(new PersonName.Group("王", "小東", "", "", ""));
        assertThat(ds.privateCreatorOf(0x00091002)).isEqualTo("Vendor A");
        assertThat(ds.getBytes(0x00091002)).containsExactly(0xCF, 0x4C, 0x7D, 0x73, 0xCB, 0xFB);
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence)).hasSize(2);
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence).get(1).getString(Tag.IssuerOfPatientID)).isEqualTo("Hospital C");
        assertThat(ds.getInt(Tag.NumberOfStudyRelatedInstances, 0)).isEqualTo(942);
        assertThat(ds.getVR(Tag.NumberOfStudyRelatedInstances)).isEqualTo(VR.IS);
    }

    @Test
    void toJson_reproducesTheStandardsExample() throws Exception {
        Attributes ds = DicomJson.parse(F4_EXAMPLE);
        assertThat(MAPPER.readTree(DicomJson.toJson(ds))).isEqualTo(MAPPER.readTree(F4_EXAMPLE));
    }

    @Test
    void toJson_writesEachValueKind() throws Exception {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.5, 0.25);
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setDouble(Tag.FrameTime, VR.FD, Double.NaN);
        ds.setNull(Tag.PatientName, VR.PN);
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "", "AXIAL");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 0, 2, 0});
        ds.setValue(Tag.OverlayData, VR.OB, new BulkData("http://host/bulk/1", 0, -1));
        ds.setInt(0x00080000, VR.UL, 99); // group length: left out

        JsonNode json = MAPPER.readTree(DicomJson.toJson(ds));

        assertThat(json.has("00080000")).isFalse();
        assertThat(json.get("00080016").toString()).isEqualTo("{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.2\"]}");
        assertThat(json.get("00280009").toString()).isEqualTo("{\"vr\":\"AT\",\"Value\":[\"00181063\"]}");
        assertThat(json.get("00280030").toString()).isEqualTo("{\"vr\":\"DS\",\"Value\":[0.5,0.25]}");
        assertThat(json.get("00280010").toString()).isEqualTo("{\"vr\":\"US\",\"Value\":[512]}");
        assertThat(json.get("00181063").toString()).isEqualTo("{\"vr\":\"FD\",\"Value\":[\"NaN\"]}");
        assertThat(json.get("00100010").toString()).isEqualTo("{\"vr\":\"PN\"}");
        assertThat(json.get("00080008").toString()).isEqualTo("{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]}");
        assertThat(json.get("7FE00010").toString()).isEqualTo("{\"vr\":\"OW\",\"InlineBinary\":\"AQACAA==\"}");
        assertThat(json.get("60003000").toString()).isEqualTo("{\"vr\":\"OB\",\"BulkDataURI\":\"http://host/bulk/1\"}");
    }

    @Test
    void roundTrip_keepsSequencesFragmentsAndBulkData() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        Attributes item = ds.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        item.setString(Tag.ScheduledStationAETitle, VR.AE, "MRI1");
        item.newSequence(Tag.ScheduledProtocolCodeSequence, 0);
        Fragments f = ds.newFragments(Tag.PixelData, VR.OB, 3);
        f.add(new byte[0]);
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8});
        f.add(new BulkData("file:///data/x.dcm", 1234, 5678));
        ds.setValue(Tag.EncapsulatedDocument, VR.OB, new BulkData("file:///data/y.dcm", 10, 20));

        Attributes back = DicomJson.parse(DicomJson.toJson(ds));

        assertThat(back).isEqualTo(ds);
        assertThat(back.getBytes(Tag.PatientName)).isEqualTo(ds.getBytes(Tag.PatientName));
    }

    @Test
    void parse_encodesTextInUtf8WhenTheDeclaredCharacterSetCannotHoldIt() {
        Attributes ds = DicomJson.parse("""
                {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "Wang^XiaoDong", "Ideographic": "王^小東"}]}}""");
        assertThat(ds.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("Wang^XiaoDong=王^小東");

        Attributes latin1 = DicomJson.parse("""
                {"00080005": {"vr": "CS", "Value": ["ISO_IR 100"]},
                 "00101002": {"vr": "SQ", "Value": [{"00100020": {"vr": "LO", "Value": ["Ж"]}}]}}""");
        assertThat(latin1.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(latin1.getNestedDataset(Tag.OtherPatientIDsSequence).getString(Tag.PatientID)).isEqualTo("Ж");
    }

    @Test
    void parse_keepsAsciiDataWithoutSpecificCharacterSet() {
        Attributes ds = DicomJson.parse("{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"ABC\"]}}");
        assertThat(ds.contains(Tag.SpecificCharacterSet)).isFalse();
    }

    @Test
    void parse_acceptsEmptyValuesAndEmptyItems() {
        Attributes ds = DicomJson.parse("""
                {"00100010": {"vr": "PN"}, "00100020": {"vr": "LO", "Value": []},
                 "00081110": {"vr": "SQ", "Value": [{}]}, "00081111": {"vr": "SQ"}}""");
        assertThat(ds.size()).isEqualTo(4);
        assertThat(ds.getString(Tag.PatientName)).isNull();
        assertThat(ds.getSequence(Tag.ReferencedStudySequence)).hasSize(1);
        assertThat(ds.getSequence(Tag.ReferencedPerformedProcedureStepSequence)).isEmpty();
    }

    @Test
    void parse_rejectsInvalidInputNamingTheTag() {
        assertInvalid("{\"0010001\": {\"vr\": \"PN\"}}", "invalid attribute tag '0010001'");
        assertInvalid("{\"00100010\": {\"Value\": [\"x\"]}}", "(0010,0010): missing \"vr\"");
        assertInvalid("{\"00100010\": {\"vr\": \"XX\"}}", "(0010,0010): unknown VR 'XX'");
        assertInvalid("{\"00280010\": {\"vr\": \"US\", \"Value\": [\"abc\"]}}", "(0028,0010): expected an integer");
        assertInvalid("{\"00280009\": {\"vr\": \"AT\", \"Value\": [\"0018106\"]}}", "(0028,0009): AT values");
        assertInvalid("{\"7FE00010\": {\"vr\": \"OW\", \"InlineBinary\": \"***\"}}", "(7FE0,0010): invalid base64");
        assertInvalid("{\"00100010\": {\"vr\": \"PN\", \"Value\": [\"A\"], \"InlineBinary\": \"AA==\"}}", "(0010,0010): more than one");
        assertInvalid("{\"00081110\": {\"vr\": \"SQ\", \"Value\": [{\"00081150\": {\"vr\": \"UI\", \"Value\": 5}}]}}",
                "(0008,1110): in item 1: (0008,1150): Value must be an array");
        assertInvalid("{\"00201208\": {\"vr\": \"IS\", \"Value\": [1.5]}}", "(0020,1208): IS value is not an integer");
        assertInvalid("{\"00100010\": ", "malformed JSON");
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> DicomJson.parse(json)).isInstanceOf(DicomJsonException.class).hasMessageContaining(message);
    }

    @Test
    void arrays_roundTripLikeQidoResponses() {
        Attributes a = new Attributes().setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        Attributes b = new Attributes().setString(Tag.StudyInstanceUID, VR.UI, "1.2.4");
        assertThat(DicomJson.parseArray(DicomJson.toJson(List.of(a, b)))).containsExactly(a, b);
    }

    @Test
    void streams_writeAndReadUtf8() throws Exception {
        Attributes ds = DicomJson.parse(F4_EXAMPLE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomJson.write(ds, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("王^小東");
        assertThat(DicomJson.read(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(ds);
    }

    @Test
    void bulkDataUri_carriesOffsetAndLengthOfFileReferences() {
        BulkData bd = new BulkData("file:///a/b.dcm", 100, 200);
        assertThat(DicomJson.toUri(bd)).isEqualTo("file:///a/b.dcm?offset=100&length=200");
        assertThat(DicomJson.fromUri(DicomJson.toUri(bd))).isEqualTo(bd);
        assertThat(DicomJson.fromUri("http://x/y?offset=abc&length=1")).isEqualTo(BulkData.ofUri("http://x/y?offset=abc&length=1"));
    }
}
