package org.mip.gateway.hl7.order;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import java.util.ArrayList;
import java.util.List;

/** Version-independent access to parsed segments by field position, and the errors that name a field. */
final class Segments {
    private Segments() {}

    /** Every non-empty segment of {@code message}, in message order (Z segments included). */
    static List<Segment> all(Message message) throws HL7Exception {
        List<Segment> out = new ArrayList<>();
        collect(message, out);
        return out;
    }

    private static void collect(Group group, List<Segment> out) throws HL7Exception {
        for (String name : group.getNames()) {
            for (Structure s : group.getAll(name)) {
                if (s instanceof Segment seg) {
                    if (!seg.isEmpty()) {
                        out.add(seg);
                    }
                } else if (s instanceof Group g) {
                    collect(g, out);
                }
            }
        }
    }

    /** The first segment named {@code name}, or {@code null}. */
    static Segment first(List<Segment> segments, String name) {
        for (Segment s : segments) {
            if (s.getName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Field {@code field}, first repetition, component {@code comp}, subcomponent {@code sub}, trimmed; "" when empty or absent. */
    static String get(Segment segment, int field, int comp, int sub) {
        if (segment == null) {
            return "";
        }
        try {
            String v = Terser.get(segment, field, 0, comp, sub);
            return v == null ? "" : v.trim();
        } catch (HL7Exception | RuntimeException e) {
            return "";
        }
    }

    static String get(Segment segment, int field, int comp) {
        return get(segment, field, comp, 1);
    }

    static String get(Segment segment, int field) {
        return get(segment, field, 1, 1);
    }

    static HL7Exception missing(String segment, int field, String what) {
        return error(ErrorCode.REQUIRED_FIELD_MISSING, segment, field, segment + "-" + field + " (" + what + ") is required");
    }

    static HL7Exception invalid(String segment, int field, String what, String reason) {
        return error(ErrorCode.DATA_TYPE_ERROR, segment, field, segment + "-" + field + " (" + what + ") is invalid: " + reason);
    }

    static HL7Exception notInTable(String segment, int field, String what, String value) {
        return error(ErrorCode.TABLE_VALUE_NOT_FOUND, segment, field,
                segment + "-" + field + " (" + what + ") value '" + value + "' is not supported");
    }

    static HL7Exception error(ErrorCode code, String segment, int field, String text) {
        HL7Exception e = new HL7Exception(text, code);
        e.setLocation(new Location().withSegmentName(segment).withSegmentRepetition(1).withField(field));
        return e;
    }
}
