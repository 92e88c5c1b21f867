package org.mip.gateway.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void setValue_keepsElementsSortedWhateverTheInsertionOrder() {
        Attributes ds = new Attributes(2);
        ds.setString(Tag.PatientID, VR.LO, "1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2");
        ds.setString(Tag.PixelData, VR.OB, "x");
        ds.setString(Tag.PatientName, VR.PN, "A");
        ds.setString(0xFFFAFFFA, VR.UN, "y");

        assertThat(ds.size()).isEqualTo(5);
        assertThat(new int[] {ds.tagAt(0), ds.tagAt(1), ds.tagAt(2), ds.tagAt(3), ds.tagAt(4)})
                .containsExactly(Tag.SOPInstanceUID, Tag.PatientName, Tag.PatientID, Tag.PixelData, 0xFFFAFFFA);
    }

    @Test
    void setValue_replacesAnExistingElement() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientID, VR.LO, "1");
        ds.setString(Tag.PatientID, VR.SH, "2");
        assertThat(ds.size()).isEqualTo(1);
        assertThat(ds.getVR(Tag.PatientID)).isEqualTo(VR.SH);
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("2");
    }

    @Test
    void setValue_rejectsUnsupportedValueTypes() {
        assertThatThrownBy(() -> new Attributes().setValue(Tag.PatientID, VR.LO, "a string"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0010,0020)");
    }

    @Test
    void indexOf_returnsNegativeInsertionPointWhenAbsent() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientName, VR.PN, "A");
        assertThat(ds.indexOf(Tag.PatientName)).isZero();
        assertThat(ds.indexOf(Tag.PatientID)).isEqualTo(-2);
        assertThat(ds.indexOf(Tag.SOPClassUID)).isEqualTo(-1);
        assertThat(ds.contains(Tag.PatientID)).isFalse();
    }

    @Test
    void remove_returnsTheOldValueAndCloses() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientName, VR.PN, "A");
        ds.setString(Tag.PatientID, VR.LO, "1");
        assertThat(ds.remove(Tag.PatientName)).isEqualTo(new byte[] {'A', ' '});
        assertThat(ds.remove(Tag.PatientName)).isNull();
        assertThat(ds.size()).isEqualTo(1);
        assertThat(ds.tagAt(0)).isEqualTo(Tag.PatientID);
    }

    @Test
    void getString_trimsLeadingAndTrailingSpacesOfMostStringVRs() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.PatientID, VR.LO, ascii("  ID 1  "));
        ds.setBytes(Tag.Modality, VR.CS, ascii("MR "));
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("ID 1");
        assertThat(ds.getString(Tag.Modality)).isEqualTo("MR");
    }

    @Test
    void getString_trimsOnlyTrailingSpacesOfLtStUtUr() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.AdditionalPatientHistory, VR.LT, ascii("  indented\\text  "));
        assertThat(ds.getString(Tag.AdditionalPatientHistory)).isEqualTo("  indented\\text");
        assertThat(ds.getStrings(Tag.AdditionalPatientHistory)).hasSize(1);
    }

    @Test
    void getString_removesNulPaddingOfUI() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.SOPClassUID, VR.UI, ascii("1.2.3\0"));
        assertThat(ds.getString(Tag.SOPClassUID)).isEqualTo("1.2.3");
    }

    @Test
    void getStrings_splitsOnBackslash() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.ImageType, VR.CS, ascii("ORIGINAL\\PRIMARY\\\\AXIAL "));
        assertThat(ds.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "", "AXIAL");
        assertThat(ds.getString(Tag.ImageType, 3)).isEqualTo("AXIAL");
        assertThat(ds.getString(Tag.ImageType, 4)).isNull();
    }

    @Test
    void getString_isNullWhenAbsentOrEmpty() {
        Attributes ds = new Attributes();
        ds.setNull(Tag.PatientName, VR.PN);
        assertThat(ds.getString(Tag.PatientName)).isNull();
        assertThat(ds.getString(Tag.PatientID)).isNull();
        assertThat(ds.getStrings(Tag.PatientName)).isEmpty();
        assertThat(ds.getStrings(Tag.PatientID)).isNull();
        assertThat(ds.getString(Tag.PatientID, "none")).isEqualTo("none");
    }

    @Test
    void setString_padsToEvenLengthWithTheVRsPaddingByte() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.3");
        ds.setString(Tag.ImageType, VR.CS, "DERIVED", "PRIMARY");
        assertThat(ds.getBytes(Tag.SOPClassUID)).isEqualTo(ascii("1.2.3\0"));
        assertThat(ds.getBytes(Tag.ImageType)).isEqualTo(ascii("DERIVED\\PRIMARY "));
    }

    @Test
    void setString_encodesTextInTheDataSetsCharacterSet() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        assertThat(ds.getBytes(Tag.PatientName)).hasSize(14).startsWith('M', (byte) 0xFC);
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
    }

    @Test
    void charset_isInheritedByItemsAndFollowsChanges() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Attributes item = ds.newSequence(Tag.OtherPatientIDsSequence, 1).addItem();
        assertThat(item.charset()).isEqualTo(SpecificCharacterSet.valueOf("ISO_IR 192"));
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        assertThat(item.charset()).isEqualTo(SpecificCharacterSet.valueOf("ISO_IR 100"));
        item.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 144");
        assertThat(item.charset()).isEqualTo(SpecificCharacterSet.valueOf("ISO_IR 144"));
        ds.remove(Tag.SpecificCharacterSet);
        assertThat(ds.charset()).isSameAs(SpecificCharacterSet.DEFAULT);
    }

    @Test
    void getInts_decodesLittleEndianBinaryValues() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.Rows, VR.US, new byte[] {0x00, 0x02});
        ds.setBytes(Tag.PixelPaddingValue, VR.SS, new byte[] {(byte) 0xFF, (byte) 0xFF});
        ds.setBytes(Tag.SimpleFrameList, VR.UL, new byte[] {1, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertThat(ds.getInt(Tag.Rows, -1)).isEqualTo(512);
        assertThat(ds.getInt(Tag.PixelPaddingValue, 0)).isEqualTo(-1);
        assertThat(ds.getLongs(Tag.SimpleFrameList)).containsExactly(1L, 0xFFFFFFFFL);
        assertThat(ds.getInt(Tag.Columns, 7)).isEqualTo(7);
    }

    @Test
    void setInt_encodesEachBinaryVR() {
        Attributes ds = new Attributes();
        ds.setInt(Tag.Rows, VR.US, 65535);
        ds.setInt(Tag.ReferencedFrameNumber, VR.IS, 1, -20);
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        ds.setInt(Tag.PixelSpacing, VR.DS, 3);
        assertThat(ds.getBytes(Tag.Rows)).containsExactly(0xFF, 0xFF);
        assertThat(ds.getBytes(Tag.ReferencedFrameNumber)).isEqualTo(ascii("1\\-20 "));
        assertThat(ds.getBytes(Tag.FrameIncrementPointer)).containsExactly(0x18, 0x00, 0x63, 0x10);
        assertThat(ds.getInts(Tag.FrameIncrementPointer)).containsExactly(Tag.FrameTime);
        assertThat(ds.getString(Tag.FrameIncrementPointer)).isEqualTo("00181063");
        assertThat(ds.getInts(Tag.ReferencedFrameNumber)).containsExactly(1, -20);
    }

    @Test
    void setDouble_writesDecimalStringsOfAtMost16Characters() {
        Attributes ds = new Attributes();
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.1, 1.0 / 3, 12345678.123456789, -1.234567890123e-200);
        for (String s : ds.getStrings(Tag.PixelSpacing)) {
            assertThat(s.length()).isLessThanOrEqualTo(16);
        }
        double[] d = ds.getDoubles(Tag.PixelSpacing);
        assertThat(d[0]).isEqualTo(0.1);
        assertThat(d[1]).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d[3] / -1.234567890123e-200).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-8));
    }

    @Test
    void setDouble_roundTripsFloatingPointVRs() {
        Attributes ds = new Attributes();
        ds.setDouble(Tag.FrameTime, VR.FD, Math.PI);
        ds.setFloat(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 2.5f);
        ds.setLong(Tag.SelectorSVValue, VR.SV, Long.MIN_VALUE);
        assertThat(ds.getDouble(Tag.FrameTime, 0)).isEqualTo(Math.PI);
        assertThat(ds.getFloat(Tag.RecommendedDisplayFrameRateInFloat, 0)).isEqualTo(2.5f);
        assertThat(ds.getLong(Tag.SelectorSVValue, 0)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void getDate_parsesDicomAndAcrNemaForms() {
        Attributes ds = new Attributes();
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.PatientBirthDate, VR.DA, "1993.11.12");
        ds.setString(Tag.SeriesDate, VR.DA, "garbage");
        assertThat(ds.getDate(Tag.StudyDate)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ds.getDate(Tag.PatientBirthDate)).isEqualTo(LocalDate.of(1993, 11, 12));
        assertThat(ds.getDate(Tag.SeriesDate)).isNull();
        assertThat(ds.getDate(Tag.AcquisitionDate)).isNull();
    }

    @Test
    void getTime_parsesPartialFractionalAndAcrNemaForms() {
        Attributes ds = new Attributes();
        ds.setString(Tag.StudyTime, VR.TM, "07");
        assertThat(ds.getTime(Tag.StudyTime)).isEqualTo(LocalTime.of(7, 0));
        ds.setString(Tag.StudyTime, VR.TM, "0712");
        assertThat(ds.getTime(Tag.StudyTime)).isEqualTo(LocalTime.of(7, 12));
        ds.setString(Tag.StudyTime, VR.TM, "071259.5");
        assertThat(ds.getTime(Tag.StudyTime)).isEqualTo(LocalTime.of(7, 12, 59, 500_000_000));
        ds.setString(Tag.StudyTime, VR.TM, "07:12:59.123456");
        assertThat(ds.getTime(Tag.StudyTime)).isEqualTo(LocalTime.of(7, 12, 59, 123_456_000));
    }

    @Test
    void getDateTime_parsesPartialValuesAndIgnoresTheOffset() {
        Attributes ds = new Attributes();
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "2024");
        assertThat(ds.getDateTime(Tag.AcquisitionDateTime)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240315101530.25+0100");
        assertThat(ds.getDateTime(Tag.AcquisitionDateTime)).isEqualTo(LocalDateTime.of(2024, 3, 15, 10, 15, 30, 250_000_000));
        ds.setString(Tag.StudyDate, VR.DA, "20240315");
        ds.setString(Tag.StudyTime, VR.TM, "1015");
        assertThat(ds.getDateTime(Tag.StudyDate, Tag.StudyTime)).isEqualTo(LocalDateTime.of(2024, 3, 15, 10, 15));
    }

    @Test
    void setDateTime_formatsAndRoundTrips() {
        Attributes ds = new Attributes();
        LocalDateTime t = LocalDateTime.of(2024, 3, 15, 10, 15, 30, 123_456_000);
        ds.setDate(Tag.StudyDate, t.toLocalDate());
        ds.setTime(Tag.StudyTime, t.toLocalTime());
        ds.setDateTime(Tag.AcquisitionDateTime, t);
        assertThat(ds.getString(Tag.StudyDate)).isEqualTo("20240315");
        assertThat(ds.getString(Tag.StudyTime)).isEqualTo("101530.123456");
        assertThat(ds.getDateTime(Tag.AcquisitionDateTime)).isEqualTo(t);
    }

    @Test
    void getPersonName_parsesComponentGroups() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎");
        PersonName pn = ds.getPersonName(Tag.PatientName);
        assertThat(pn.alphabetic().familyName()).isEqualTo("Yamada");
        assertThat(pn.ideographic().givenName()).isEqualTo("太郎");
    }

    @Test
    void newSequence_makesItemsChildrenOfTheDataSet() {
        Attributes ds = new Attributes();
        Sequence sq = ds.newSequence(Tag.ScheduledProcedureStepSequence, 1);
        Attributes item = new Attributes();
        sq.add(item);
        assertThat(item.parent()).isSameAs(ds);
        assertThat(ds.getSequence(Tag.ScheduledProcedureStepSequence)).isSameAs(sq);
        assertThat(ds.getVR(Tag.ScheduledProcedureStepSequence)).isEqualTo(VR.SQ);
        assertThat(ds.getNestedDataset(Tag.ScheduledProcedureStepSequence)).isSameAs(item);
        assertThatThrownBy(() -> new Attributes().newSequence(Tag.ReferencedStudySequence, 1).add(item))
                .isInstanceOf(IllegalArgumentException.class);
        sq.remove(0);
        assertThat(item.parent()).isNull();
    }

    @Test
    void undefinedLength_isRecordedOnItemsAndSequences() {
        Attributes ds = new Attributes();
        Sequence sq = ds.newSequence(Tag.ReferencedStudySequence, 1).setUndefinedLength(true);
        Attributes item = sq.addItem().setUndefinedLength(true);
        assertThat(sq.undefinedLength()).isTrue();
        assertThat(item.undefinedLength()).isTrue();
    }

    @Test
    void newFragments_holdsEncapsulatedPixelData() {
        Attributes ds = new Attributes();
        Fragments f = ds.newFragments(Tag.PixelData, VR.OB, 2);
        f.add(new byte[0]);
        f.add(new byte[] {1, 2});
        f.add(new BulkData("file:///x.dcm", 1000, 20));
        assertThat(ds.getFragments(Tag.PixelData)).isSameAs(f);
        assertThat(f.getBytes(1)).containsExactly(1, 2);
        assertThat(f.getBytes(2)).isNull();
        assertThat(ds.getBytes(Tag.PixelData)).isNull();
        assertThatThrownBy(() -> f.add("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateTag_findsOrReservesTheCreatorsBlock() {
        Attributes ds = new Attributes();
        ds.setString(0x00090010, VR.LO, "OTHER");
        assertThat(ds.privateTag("ACME 1.0", 0x0009, 0x01, false)).isEqualTo(-1);
        int tag = ds.privateTag("ACME 1.0", 0x0009, 0x01, true);
        assertThat(tag).isEqualTo(0x00091101);
        assertThat(ds.getString(0x00090011)).isEqualTo("ACME 1.0");
        assertThat(ds.privateTag("ACME 1.0", 0x0009, 0x22, false)).isEqualTo(0x00091122);
        ds.setString(tag, VR.LO, "value");
        assertThat(ds.privateCreatorOf(tag)).isEqualTo("ACME 1.0");
        assertThat(ds.privateCreatorOf(0x00091001)).isEqualTo("OTHER");
        assertThat(ds.privateCreatorOf(0x00092001)).isNull();
        assertThat(ds.privateCreatorOf(Tag.PatientName)).isNull();
        assertThatThrownBy(() -> ds.privateTag("X", 0x0010, 1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equals_comparesContentIncludingNestedItems() {
        Attributes a = sample();
        Attributes b = sample();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.getSequence(Tag.ReferencedStudySequence).get(0).setString(Tag.ReferencedSOPInstanceUID, VR.UI, "9");
        assertThat(a).isNotEqualTo(b);
        assertThat(new Attributes(a)).isEqualTo(a);
    }

    @Test
    void equals_treatsNullAndEmptyValuesAlike() {
        Attributes a = new Attributes().setNull(Tag.PatientName, VR.PN);
        Attributes b = new Attributes().setBytes(Tag.PatientName, VR.PN, new byte[0]);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void copyConstructor_copiesDeeply() {
        Attributes a = sample();
        Attributes copy = new Attributes(a);
        copy.getSequence(Tag.ReferencedStudySequence).get(0).remove(Tag.ReferencedSOPInstanceUID);
        assertThat(a.getSequence(Tag.ReferencedStudySequence).get(0).contains(Tag.ReferencedSOPInstanceUID)).isTrue();
        assertThat(copy.getSequence(Tag.ReferencedStudySequence).get(0).parent()).isSameAs(copy);
    }

    @Test
    void toString_isShort() {
        Attributes a = sample();
        for (int i = 0; i < 50; i++) {
            a.setString(Tag.of(0x0011, 0x1000 + i), VR.LO, "x".repeat(200));
        }
        assertThat(a.toString()).hasSizeLessThan(400).startsWith("Attributes[").contains("(0008,0005) CS [ISO_IR 100]");
    }

    private static Attributes sample() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        ds.setInt(Tag.Rows, VR.US, 512);
        Attributes item = ds.newSequence(Tag.ReferencedStudySequence, 1).addItem();
        item.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        return ds;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
