package org.mip.gateway.mwl;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.json.DicomJson;

/**
 * How an MWL item is split into the K.6 levels for storage and put together again.
 *
 * <p>Stored levels are DICOM JSON of a UTF-8 copy (Specific Character Set ISO_IR 192), so levels booked in
 * different character sets can be merged by copying raw values.
 */
public final class WorklistItems {
    public static final String UTF8 = "ISO_IR 192";

    /** The join every worklist read uses; columns as read by {@link #mergeRow}. */
    public static final String SELECT = "SELECT s.pk, s.accession_no, s.sps_id, s.status, r.referrer_id, "
            + "s.created_at, s.updated_at, s.charset, p.attrs, r.attrs, s.attrs "
            + "FROM mwl_sps s JOIN mwl_request r ON r.pk = s.request_fk JOIN mwl_patient p ON p.pk = r.patient_fk";

    private WorklistItems() {}

    /** The three stored levels of an item. */
    public record Parts(Attributes patient, Attributes request, Attributes sps) {}

    /**
     * Splits {@code item}: group 0010 (Patient Identification/Demographic/Medical, PS3.3 C.2) to the patient,
     * the single Scheduled Procedure Step Sequence item to the SPS (without its status, kept in a column),
     * every other top-level attribute to the requested procedure. Each part is a UTF-8 copy.
     */
    public static Parts split(Attributes item) {
        Attributes utf8 = toUtf8(item);
        Attributes patient = new Attributes();
        Attributes request = new Attributes();
        Attributes sps = new Attributes();
        patient.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
        request.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
        sps.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
        for (int i = 0; i < utf8.size(); i++) {
            int tag = utf8.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || Tag.group(tag) == 0x0002) {
                continue;
            }
            if (tag == Tag.ScheduledProcedureStepSequence) {
                Attributes first = utf8.getNestedDataset(tag);
                if (first != null) {
                    copyInto(first, sps);
                    sps.remove(Tag.ScheduledProcedureStepStatus);
                    sps.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
                }
                continue;
            }
            copyElement(utf8, i, Tag.group(tag) == 0x0010 ? patient : request);
        }
        return new Parts(patient, request, sps);
    }

    /** The MWL item of the three stored levels with {@code status} as the SPS Status (0040,0020). */
    public static Attributes merge(String patientJson, String requestJson, String spsJson, SpsStatus status) {
        Attributes item = new Attributes();
        item.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
        copyInto(DicomJson.parse(patientJson), item);
        copyInto(DicomJson.parse(requestJson), item);
        Attributes spsItem = item.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        copyInto(DicomJson.parse(spsJson), spsItem);
        spsItem.remove(Tag.SpecificCharacterSet);
        spsItem.setString(Tag.ScheduledProcedureStepStatus, VR.CS, status.name());
        item.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
        return item;
    }

    /** Reads the row of {@link #SELECT} at its current position into a {@link Booking}. */
    public static Booking mergeRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        SpsStatus status = SpsStatus.valueOf(rs.getString(4));
        Attributes item = merge(rs.getString(9), rs.getString(10), rs.getString(11), status);
        return new Booking(rs.getLong(1), rs.getString(2), rs.getString(3), status, rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), item);
    }

    public static String toJson(Attributes a) {
        return DicomJson.toJson(a);
    }

    /**
     * A deep copy of {@code src} whose text values (LO, LT, PN, SH, ST, UC, UT) are re-encoded in UTF-8 and
     * whose Specific Character Set is ISO_IR 192; nested character sets are dropped (PS3.5 7.5.3: items inherit).
     */
    public static Attributes toUtf8(Attributes src) {
        Attributes dst = new Attributes(src.size() + 1);
        dst.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
        transcode(src, dst);
        return dst;
    }

    private static void transcode(Attributes src, Attributes dst) {
        for (int i = 0; i < src.size(); i++) {
            int tag = src.tagAt(i);
            VR vr = src.vrAt(i);
            Object v = src.valueAt(i);
            if (tag == Tag.SpecificCharacterSet) {
                continue;
            }
            if (v instanceof Sequence sq) {
                Sequence out = dst.newSequence(tag, sq.size());
                for (Attributes item : sq) {
                    transcode(item, out.addItem());
                }
            } else if (vr.kind() == VR.Kind.TEXT && v instanceof byte[]) {
                dst.setString(tag, vr, src.getStrings(tag));
            } else if (v instanceof byte[] || v == null) {
                dst.setValue(tag, vr, v);
            } else {
                dst.setValue(tag, vr, null); // fragments or bulk data have no place in a worklist item
            }
        }
    }

    /** Copies every element of {@code src} (raw values, sequences deep) into {@code dst}, replacing. */
    public static void copyInto(Attributes src, Attributes dst) {
        for (int i = 0; i < src.size(); i++) {
            copyElement(src, i, dst);
        }
    }

    static void copyElement(Attributes src, int i, Attributes dst) {
        int tag = src.tagAt(i);
        Object v = src.valueAt(i);
        if (v instanceof Sequence sq) {
            Sequence out = dst.newSequence(tag, sq.size());
            for (Attributes item : sq) {
                Attributes copy = new Attributes(item);
                out.add(copy);
            }
        } else {
            dst.setValue(tag, src.vrAt(i), v);
        }
    }

    /** Whether any text value (at any depth) holds a byte outside US-ASCII. */
    public static boolean hasNonAscii(Attributes a) {
        for (int i = 0; i < a.size(); i++) {
            Object v = a.valueAt(i);
            if (v instanceof Sequence sq) {
                for (Attributes item : sq) {
                    if (hasNonAscii(item)) {
                        return true;
                    }
                }
            } else if (v instanceof byte[] b && a.vrAt(i).kind() == VR.Kind.TEXT) {
                for (byte x : b) {
                    if (x < 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
