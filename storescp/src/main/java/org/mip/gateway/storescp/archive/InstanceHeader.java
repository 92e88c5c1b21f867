package org.mip.gateway.storescp.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.io.DicomInputStream;

/**
 * What the index keeps of an instance: the top-level attributes of the patient, study, series and instance
 * levels, read from the stored file. The parse walks the whole data set (so a data set that does not parse
 * is refused) but keeps only these attributes' values and skips every other value, Pixel Data included:
 * memory does not depend on the instance's size.
 */
public record InstanceHeader(
        String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
        String patientId, String issuerOfPatientId, String patientName, String patientBirthDate, String patientSex,
        String studyDate, String studyTime, String accessionNumber, String studyId, String studyDescription,
        String referringPhysicianName, String modality, String seriesNumber, String seriesDescription,
        String instanceNumber) {

    /** The top-level attributes kept, in ascending tag order. */
    static final int[] KEPT = {
        Tag.SpecificCharacterSet, Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.StudyDate, Tag.StudyTime,
        Tag.AccessionNumber, Tag.Modality, Tag.ReferringPhysicianName, Tag.StudyDescription,
        Tag.SeriesDescription, Tag.PatientName, Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientBirthDate,
        Tag.PatientSex, Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.StudyID, Tag.SeriesNumber,
        Tag.InstanceNumber,
    };

    static {
        Arrays.sort(KEPT);
    }

    /** Parses the Part 10 file {@code file}; a malformed data set throws {@code DicomParseException}. */
    public static InstanceHeader read(Path file) throws IOException {
        Attributes kept = new Attributes(KEPT.length);
        try (DicomInputStream in = DicomInputStream.open(file)) {
            for (DicomInputStream.Event ev; (ev = in.next()) != null; ) {
                if (ev != DicomInputStream.Event.ELEMENT) {
                    throw new IOException("unexpected " + ev + " at the top level of the data set");
                }
                if (!in.isContainer() && Arrays.binarySearch(KEPT, in.tag()) >= 0 && in.length() <= 1024) {
                    in.readElementInto(kept);
                } else {
                    in.skipValue();
                }
            }
        }
        return of(kept);
    }

    static InstanceHeader of(Attributes a) {
        return new InstanceHeader(
                s(a, Tag.SOPClassUID), s(a, Tag.SOPInstanceUID), s(a, Tag.StudyInstanceUID),
                s(a, Tag.SeriesInstanceUID), s(a, Tag.PatientID), s(a, Tag.IssuerOfPatientID),
                s(a, Tag.PatientName), s(a, Tag.PatientBirthDate), s(a, Tag.PatientSex), s(a, Tag.StudyDate),
                s(a, Tag.StudyTime), s(a, Tag.AccessionNumber), s(a, Tag.StudyID), s(a, Tag.StudyDescription),
                s(a, Tag.ReferringPhysicianName), s(a, Tag.Modality), s(a, Tag.SeriesNumber),
                s(a, Tag.SeriesDescription), s(a, Tag.InstanceNumber));
    }

    /** The whole value (all values, backslash-joined), stripped of padding; "" when absent or undecodable. */
    private static String s(Attributes a, int tag) {
        try {
            String[] v = a.getStrings(tag);
            if (v == null || v.length == 0) {
                return "";
            }
            String joined = String.join("\\", v).replace("\0", "").strip();
            return joined;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
