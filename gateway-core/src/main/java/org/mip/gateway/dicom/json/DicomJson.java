package org.mip.gateway.dicom.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.BulkData;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.SpecificCharacterSet;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/**
 * The DICOM JSON Model (PS3.18 Annex F): {@link Attributes} to and from JSON.
 *
 * <p>Writing: attributes in tag order keyed "GGGGEEEE", each with "vr" and at most one of "Value",
 * "InlineBinary" (base64 of the little-endian bytes of OB, OD, OF, OL, OV, OW, UN) or "BulkDataURI"
 * (values held as {@link BulkData}); PN values as {"Alphabetic", "Ideographic", "Phonetic"} objects
 * of the non-empty groups; IS, DS and the binary numeric VRs as JSON numbers (NaN and infinities of
 * FL/FD as strings); AT as "GGGGEEEE"; empty values without "Value", empty values within a
 * multi-valued attribute as {@code null} (F.2.5); group lengths are left out (F.2.2). Encapsulated pixel
 * data, which the model cannot express, is written with a non-standard "DataFragment" array of
 * {"InlineBinary"} / {"BulkDataURI"} objects (one per item, the first being the Basic Offset Table).
 *
 * <p>Reading: text values are encoded with the Specific Character Set given in the JSON for their data
 * set (F.2.2 note: it describes the source encoding); when it cannot hold some text of that data set,
 * (0008,0005) is set to ISO_IR 192 (UTF-8) so that nothing is lost. Invalid input raises a
 * {@link DicomJsonException} naming the tag.
 */
public final class DicomJson {
    private static final String VALUE = "Value";
    private static final String INLINE_BINARY = "InlineBinary";
    private static final String BULK_DATA_URI = "BulkDataURI";
    private static final String DATA_FRAGMENT = "DataFragment";
    private static final String[] PN_GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};

    /** Thread-safe once configured; holds no per-call state. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)); // keep DS "72.6550" as written
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private DicomJson() {}

    // ---- writing ---------------------------------------------------------------------------

    /** The JSON text of {@code ds} (compact). */
    public static String toJson(Attributes ds) {
        StringWriter w = new StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(w)) {
            write(ds, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A JSON array of data sets, as in a QIDO-RS response (PS3.18 F.2.1). */
    public static String toJson(List<Attributes> datasets) {
        StringWriter w = new StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(w)) {
            gen.writeStartArray();
            for (Attributes ds : datasets) {
                write(ds, gen);
            }
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes {@code ds} as UTF-8 JSON to {@code out} (left open). */
    public static void write(Attributes ds, OutputStream out) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(ds, gen);
        }
    }

    /** Writes {@code ds} as one JSON object with {@code gen}. */
    public static void write(Attributes ds, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            if (Tag.isGroupLength(tag)) {
                continue;
            }
            gen.writeFieldName(String.format("%08X", tag));
            writeAttribute(ds, i, gen);
        }
        gen.writeEndObject();
    }

    private static void writeAttribute(Attributes ds, int i, JsonGenerator gen) throws IOException {
        int tag = ds.tagAt(i);
        VR vr = ds.vrAt(i);
        Object value = ds.valueAt(i);
        gen.writeStartObject();
        gen.writeStringField("vr", vr.name());
        if (value instanceof BulkData bd) {
            gen.writeStringField(BULK_DATA_URI, toUri(bd));
        } else if (value instanceof Sequence sq) {
            if (!sq.isEmpty()) {
                gen.writeArrayFieldStart(VALUE);
                for (Attributes item : sq) {
                    write(item, gen);
                }
                gen.writeEndArray();
            }
        } else if (value instanceof Fragments f) {
            gen.writeArrayFieldStart(DATA_FRAGMENT);
            for (Object item : f) {
                gen.writeStartObject();
                if (item instanceof BulkData bd) {
                    gen.writeStringField(BULK_DATA_URI, toUri(bd));
                } else {
                    gen.writeStringField(INLINE_BINARY, Base64.getEncoder().encodeToString((byte[]) item));
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
        } else if (value instanceof byte[] b && b.length > 0) {
            if (isInlineBinary(vr)) {
                gen.writeStringField(INLINE_BINARY, Base64.getEncoder().encodeToString(b));
            } else {
                String[] values = ds.getStrings(tag);
                if (values.length > 0) {
                    gen.writeArrayFieldStart(VALUE);
                    for (String v : values) {
                        writeValue(tag, vr, v, gen);
                    }
                    gen.writeEndArray();
                }
            }
        }
        gen.writeEndObject();
    }

    private static boolean isInlineBinary(VR vr) {
        return vr.kind() == VR.Kind.BULK;
    }

    private static void writeValue(int tag, VR vr, String v, JsonGenerator gen) throws IOException {
        if (v.isEmpty()) {
            gen.writeNull();
            return;
        }
        switch (vr) {
            case PN -> {
                PersonName pn = PersonName.parse(v);
                gen.writeStartObject();
                PersonName.Group[] groups = {pn.alphabetic(), pn.ideographic(), pn.phonetic()};
                for (int g = 0; g < groups.length; g++) {
                    if (!groups[g].isEmpty()) {
                        gen.writeStringField(PN_GROUPS[g], groups[g].toString());
                    }
                }
                gen.writeEndObject();
            }
            case IS, SS, US, SL, UL, SV -> {
                try {
                    gen.writeNumber(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
                } catch (NumberFormatException e) {
                    gen.writeString(v); // an invalid IS is kept rather than lost
                }
            }
            case UV -> gen.writeNumber(new BigInteger(v));
            case DS -> {
                try {
                    gen.writeNumber(new BigDecimal(v.startsWith("+") ? v.substring(1) : v));
                } catch (NumberFormatException e) {
                    gen.writeString(v);
                }
            }
            case FL, FD -> {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    gen.writeString(v);
                } else if (vr == VR.FL) {
                    gen.writeNumber(Float.parseFloat(v));
                } else {
                    gen.writeNumber(d);
                }
            }
            default -> gen.writeString(v); // AT is already "GGGGEEEE"
        }
    }

    /** The BulkDataURI of {@code bd}: its URI, with offset and length parameters when it addresses part of it. */
    static String toUri(BulkData bd) {
        if (bd.offset() == 0 && bd.length() == -1) {
            return bd.uri();
        }
        return bd.uri() + (bd.uri().indexOf('?') < 0 ? '?' : '&') + "offset=" + bd.offset() + "&length=" + bd.length();
    }

    static BulkData fromUri(String uri) {
        int q = uri.lastIndexOf("offset=");
        int l = uri.lastIndexOf("&length=");
        if (q > 0 && l > q && (uri.charAt(q - 1) == '?' || uri.charAt(q - 1) == '&')) {
            try {
                long offset = Long.parseLong(uri.substring(q + 7, l));
                long length = Long.parseLong(uri.substring(l + 8));
                return new BulkData(uri.substring(0, q - 1), offset, length);
            } catch (NumberFormatException e) {
                // not our parameters: keep the URI whole
            }
        }
        return BulkData.ofUri(uri);
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Parses one DICOM JSON object. */
    public static Attributes parse(String json) {
        return readTree(parseTree(json));
    }

    /** Parses one DICOM JSON object from UTF-8 {@code in} (left open). */
    public static Attributes read(InputStream in) throws IOException {
        try {
            return readTree(MAPPER.readTree(in));
        } catch (JsonProcessingException e) {
            throw new DicomJsonException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses a JSON array of DICOM JSON objects (e.g. a QIDO-RS response). */
    public static List<Attributes> parseArray(String json) {
        JsonNode root = parseTree(json);
        if (!root.isArray()) {
            throw new DicomJsonException("expected a JSON array of data sets");
        }
        List<Attributes> out = new ArrayList<>(root.size());
        for (JsonNode n : root) {
            out.add(readTree(n));
        }
        return out;
    }

    private static JsonNode parseTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DicomJsonException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Converts a parsed DICOM JSON object. */
    public static Attributes readTree(JsonNode node) {
        Attributes ds = new Attributes();
        readDataset(node, ds);
        return ds;
    }

    private static void readDataset(JsonNode node, Attributes ds) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new DicomJsonException("expected a JSON object for a data set, got " + node.getNodeType());
        }
        JsonNode cs = node.get("00080005");
        if (cs != null) {
            readAttribute(Tag.SpecificCharacterSet, cs, ds);
        }
        // Text is encoded as it is set, so first make sure the character set can hold it.
        if (!canHoldText(node, ds.charset())) {
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int tag = parseTag(e.getKey());
            if (tag != Tag.SpecificCharacterSet) {
                readAttribute(tag, e.getValue(), ds);
            }
        }
    }

    private static int parseTag(String key) {
        if (key.length() != 8) {
            throw new DicomJsonException("invalid attribute tag '" + key + "': expected 8 hex digits");
        }
        try {
            return Integer.parseUnsignedInt(key, 16);
        } catch (NumberFormatException e) {
            throw new DicomJsonException("invalid attribute tag '" + key + "': expected 8 hex digits");
        }
    }

    private static void readAttribute(int tag, JsonNode attr, Attributes ds) {
        if (!attr.isObject()) {
            throw new DicomJsonException(tag, "expected an attribute object, got " + attr.getNodeType());
        }
        JsonNode vrNode = attr.get("vr");
        if (vrNode == null || !vrNode.isTextual()) {
            throw new DicomJsonException(tag, "missing \"vr\"");
        }
        VR vr;
        try {
            vr = VR.valueOf(vrNode.asText());
        } catch (IllegalArgumentException e) {
            throw new DicomJsonException(tag, "unknown VR '" + vrNode.asText() + "'");
        }
        JsonNode value = attr.get(VALUE);
        JsonNode inline = attr.get(INLINE_BINARY);
        JsonNode uri = attr.get(BULK_DATA_URI);
        JsonNode fragments = attr.get(DATA_FRAGMENT);
        int members = (value != null ? 1 : 0) + (inline != null ? 1 : 0) + (uri != null ? 1 : 0) + (fragments != null ? 1 : 0);
        if (members > 1) {
            throw new DicomJsonException(tag, "more than one of Value, InlineBinary, BulkDataURI");
        }
        if (inline != null) {
            ds.setBytes(tag, vr, base64(tag, inline));
        } else if (uri != null) {
            if (!uri.isTextual()) {
                throw new DicomJsonException(tag, "BulkDataURI must be a string");
            }
            ds.setValue(tag, vr, fromUri(uri.asText()));
        } else if (fragments != null) {
            readFragments(tag, vr, fragments, ds);
        } else if (value == null || value.isNull()) {
            ds.setNull(tag, vr);
        } else if (!value.isArray()) {
            throw new DicomJsonException(tag, "Value must be an array");
        } else if (value.isEmpty()) {
            ds.setNull(tag, vr);
        } else if (vr == VR.SQ) {
            Sequence sq = ds.newSequence(tag, value.size());
            for (JsonNode item : value) {
                if (!item.isNull() && !item.isObject()) {
                    throw new DicomJsonException(tag, "sequence items must be objects");
                }
                try {
                    readDataset(item, sq.addItem());
                } catch (DicomJsonException e) {
                    throw new DicomJsonException(tag, "in item " + sq.size() + ": " + e.getMessage(), e);
                }
            }
        } else {
            readValues(tag, vr, (ArrayNode) value, ds);
        }
    }

    private static byte[] base64(int tag, JsonNode node) {
        if (!node.isTextual()) {
            throw new DicomJsonException(tag, "InlineBinary must be a string");
        }
        try {
            String s = node.asText();
            // Line-wrapped base64 is tolerated; otherwise strict, so that garbage is reported.
            return (s.indexOf('\n') >= 0 ? Base64.getMimeDecoder() : Base64.getDecoder()).decode(s);
        } catch (IllegalArgumentException e) {
            throw new DicomJsonException(tag, "invalid base64 in InlineBinary: " + e.getMessage());
        }
    }

    private static void readFragments(int tag, VR vr, JsonNode fragments, Attributes ds) {
        if (!fragments.isArray()) {
            throw new DicomJsonException(tag, "DataFragment must be an array");
        }
        Fragments f = ds.newFragments(tag, vr, fragments.size());
        for (JsonNode item : fragments) {
            JsonNode inline = item.get(INLINE_BINARY);
            JsonNode uri = item.get(BULK_DATA_URI);
            if (inline != null) {
                f.add(base64(tag, inline));
            } else if (uri != null && uri.isTextual()) {
                f.add(fromUri(uri.asText()));
            } else {
                f.add(new byte[0]);
            }
        }
    }

    private static void readValues(int tag, VR vr, ArrayNode values, Attributes ds) {
        if (vr.kind() == VR.Kind.BULK && vr != VR.UN) {
            // OD/OF/OL/OV/OW given as numbers: accepted leniently.
            if (vr == VR.OD || vr == VR.OF) {
                ds.setDouble(tag, vr, doubles(tag, values));
            } else {
                ds.setLong(tag, vr, longs(tag, values));
            }
            return;
        }
        switch (vr) {
            case US, SS, UL, SL, SV, UV -> ds.setLong(tag, vr, longs(tag, values));
            case FL, FD -> ds.setDouble(tag, vr, doubles(tag, values));
            default -> {
                String[] s = new String[values.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = text(tag, vr, values.get(i));
                }
                try {
                    ds.setString(tag, vr, s);
                } catch (IllegalArgumentException e) {
                    throw new DicomJsonException(tag, "invalid " + vr + " value: " + e.getMessage());
                }
            }
        }
    }

    private static String text(int tag, VR vr, JsonNode v) {
        if (v.isNull()) {
            return "";
        }
        if (vr == VR.PN) {
            if (v.isTextual()) {
                return v.asText(); // lenient: some implementations send PN as a plain string
            }
            if (!v.isObject()) {
                throw new DicomJsonException(tag, "PN values must be objects, got " + v.getNodeType());
            }
            return PersonName.ofGroups(group(tag, v, 0), group(tag, v, 1), group(tag, v, 2)).toString();
        }
        if (vr == VR.AT) {
            String s = v.asText();
            if (!v.isTextual() || !s.matches("[0-9A-Fa-f]{8}")) {
                throw new DicomJsonException(tag, "AT values must be \"GGGGEEEE\" strings, got " + v);
            }
            return s;
        }
        if (v.isNumber()) {
            if (vr == VR.IS) {
                if (!v.canConvertToExactIntegral()) {
                    throw new DicomJsonException(tag, "IS value is not an integer: " + v);
                }
                return v.bigIntegerValue().toString();
            }
            if (vr == VR.DS) {
                String s = v.decimalValue().toString();
                return s.length() <= 16 ? s : shortDecimal(v.doubleValue());
            }
            return v.asText();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        throw new DicomJsonException(tag, vr + " values must be strings or numbers, got " + v.getNodeType());
    }

    private static String shortDecimal(double d) {
        // Round-trip through DS encoding of at most 16 characters.
        Attributes tmp = new Attributes(1).setDouble(0, VR.DS, d);
        return tmp.getString(0);
    }

    private static String group(int tag, JsonNode pn, int g) {
        JsonNode n = pn.get(PN_GROUPS[g]);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new DicomJsonException(tag, PN_GROUPS[g] + " must be a string");
        }
        return n.asText();
    }

    private static long[] longs(int tag, ArrayNode values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            try {
                if (v.isIntegralNumber()) {
                    out[i] = v.bigIntegerValue().longValue(); // UV above 2^63 wraps to its bit pattern
                } else if (v.isTextual()) {
                    out[i] = new BigInteger(v.asText().trim()).longValue();
                } else {
                    throw new DicomJsonException(tag, "expected an integer, got " + v);
                }
            } catch (NumberFormatException e) {
                throw new DicomJsonException(tag, "expected an integer, got " + v);
            }
        }
        return out;
    }

    private static double[] doubles(int tag, ArrayNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (v.isNumber()) {
                out[i] = v.doubleValue();
            } else if (v.isTextual()) {
                try {
                    out[i] = Double.parseDouble(v.asText().trim());
                } catch (NumberFormatException e) {
                    throw new DicomJsonException(tag, "expected a number, got " + v);
                }
            } else {
                throw new DicomJsonException(tag, "expected a number, got " + v);
            }
        }
        return out;
    }

    /** Whether every text value of the data set {@code node} (and its items that inherit) survives {@code cs}. */
    private static boolean canHoldText(JsonNode node, SpecificCharacterSet cs) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            JsonNode attr = it.next().getValue();
            JsonNode vrNode = attr.get("vr");
            JsonNode value = attr.get(VALUE);
            if (vrNode == null || value == null || !value.isArray()) {
                continue;
            }
            String vr = vrNode.asText();
            if (vr.equals("SQ")) {
                for (JsonNode item : value) {
                    if (item.isObject() && !item.has("00080005") && !canHoldText(item, cs)) {
                        return false;
                    }
                }
            } else if (isText(vr)) {
                for (JsonNode v : value) {
                    if (v.isObject()) {
                        for (JsonNode g : v) {
                            if (!survives(g.asText(), cs)) {
                                return false;
                            }
                        }
                    } else if (v.isTextual() && !survives(v.asText(), cs)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean isText(String vr) {
        return switch (vr) {
            case "LO", "LT", "PN", "SH", "ST", "UC", "UT" -> true;
            default -> false;
        };
    }

    private static boolean survives(String s, SpecificCharacterSet cs) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return cs.decode(cs.encode(s)).equals(s);
            }
        }
        return true;
    }
}
