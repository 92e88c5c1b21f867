package org.mip.gateway.hl7;

import java.util.TreeMap;

/** Test messages; segments joined with CR. */
public final class Messages {
    private Messages() {}

    /** A segment from (position, value) pairs: {@code seg("OBR", 1, "1", 18, "ACC")}. */
    public static String seg(String name, Object... positionsAndValues) {
        TreeMap<Integer, String> fields = new TreeMap<>();
        for (int i = 0; i < positionsAndValues.length; i += 2) {
            fields.put((Integer) positionsAndValues[i], (String) positionsAndValues[i + 1]);
        }
        StringBuilder sb = new StringBuilder(name);
        int last = fields.isEmpty() ? 0 : fields.lastKey();
        for (int f = 1; f <= last; f++) {
            sb.append('|').append(fields.getOrDefault(f, ""));
        }
        return sb.toString();
    }

    /** ORM^O01 v2.4 with every field of the mapping table; {@code name} e.g. "Müller^Hans". */
    public static String ormV24(String controlId, String orc1, String accession, String name, String charset) {
        return String.join("\r",
                "MSH|^~\\&|RIS|HOSP_A|MIPGW|MIPGW|20261126080000||ORM^O01|" + controlId + "|P|2.4||||||" + charset,
                seg("PID", 1, "1", 3, "PAT001^^^HOSP_A^MR", 5, name + "^Dr^Jr", 7, "19700102", 8, "F"),
                seg("PV1", 1, "1", 2, "O", 8, "REF1^Referrer^Rita^M^III^Prof^^^NHS_GMC", 19, "V0001^^^HOSP_A"),
                seg("ORC", 1, orc1, 2, "PLC-1", 3, "FIL-1", 5, "SC", 7, "^^^20261127093000^^S"),
                seg("OBR", 1, "1", 2, "PLC-1", 3, "FIL-1", 4, "MRKNEE^MR Knee left^LOCAL", 18, accession, 19, "RP-1",
                        20, "SPS-1", 24, "MR", 34, "TECH1&Tech&Tina"),
                seg("ZDS", 1, "1.2.826.0.1.3680043.2.1143.1^100^Application^DICOM")) + "\r";
    }

    /** OMI^O23 v2.5.1 with TQ1 and IPC. */
    public static String omiV251(String controlId, String accession, String name) {
        return String.join("\r",
                "MSH|^~\\&|RIS|HOSP_B|MIPGW|MIPGW|20261126080000||OMI^O23^OMI_O23|" + controlId + "|P|2.5.1||||||UNICODE UTF-8",
                seg("PID", 1, "1", 3, "PAT002^^^HOSP_B^MR", 5, name, 7, "19800304", 8, "M"),
                seg("PV1", 1, "1", 2, "O", 8, "REF2^Doctor^Dan"),
                seg("ORC", 1, "NW", 2, "PLC-2", 3, "FIL-2"),
                seg("TQ1", 1, "1", 7, "20261128140000", 9, "A"),
                seg("OBR", 1, "1", 2, "PLC-2", 3, "FIL-2", 4, "CTHEAD^CT Head^LOCAL", 34, "TECH2&Scanner&Sam"),
                seg("IPC", 1, accession, 2, "RP-2", 3, "1.2.826.0.1.3680043.2.1143.2", 4, "SPS-2", 5, "CT", 7, "STATION",
                        9, "CT_ROOM1")) + "\r";
    }
}
