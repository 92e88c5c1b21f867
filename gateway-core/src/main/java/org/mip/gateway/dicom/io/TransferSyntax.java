package org.mip.gateway.dicom.io;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer syntax as the toolkit encodes it (PS3.5 section 10, UIDs from PS3.6 Table A-1).
 *
 * <p>Every compressed (encapsulated) syntax is read and written as Explicit VR Little Endian with
 * the Pixel Data passed through as fragments (PS3.5 A.4). Deflated syntaxes compress the whole data
 * set after the File Meta Information with raw deflate (PS3.5 A.5). A UID this table does not know is
 * treated as Explicit VR Little Endian, encapsulated, with a warning ({@link #of(String)}).
 */
public record TransferSyntax(
        String uid,
        String name,
        boolean explicitVr,
        boolean bigEndian,
        boolean deflated,
        boolean encapsulated,
        boolean retired) {

    private static final Logger LOG = LoggerFactory.getLogger(TransferSyntax.class);
    private static final Map<String, TransferSyntax> BY_UID = new LinkedHashMap<>();

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            add("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            add("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, false);
    public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN = add(
            "1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian",
            true, false, false, true, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            add("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            add("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false, true);

    public static final TransferSyntax JPEG_BASELINE_8BIT = encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", false);
    public static final TransferSyntax JPEG_EXTENDED_12BIT = encapsulated("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", false);
    public static final TransferSyntax JPEG_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", false);
    public static final TransferSyntax JPEG_LOSSLESS_SV1 = encapsulated(
            "1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", false);
    public static final TransferSyntax JPEG_LS_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", false);
    public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", false);
    public static final TransferSyntax JPEG_2000_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", false);
    public static final TransferSyntax JPEG_2000 = encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", false);
    public static final TransferSyntax JPEG_2000_MC_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", false);
    public static final TransferSyntax JPEG_2000_MC = encapsulated("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", false);
    /** JPIP: the pixel data is referenced by Pixel Data Provider URL, not encapsulated (PS3.5 A.6). */
    public static final TransferSyntax JPIP_REFERENCED = add("1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, false, false);
    public static final TransferSyntax JPIP_REFERENCED_DEFLATE = add("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true, false, true, false, false);
    public static final TransferSyntax MPEG2_MPML = encapsulated("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", false);
    public static final TransferSyntax MPEG2_MPML_F = encapsulated("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level", false);
    public static final TransferSyntax MPEG2_MPHL = encapsulated("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", false);
    public static final TransferSyntax MPEG2_MPHL_F = encapsulated("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level", false);
    public static final TransferSyntax MPEG4_HP41 = encapsulated("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", false);
    public static final TransferSyntax MPEG4_HP41_F = encapsulated("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", false);
    public static final TransferSyntax MPEG4_HP41_BD = encapsulated("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", false);
    public static final TransferSyntax MPEG4_HP41_BD_F = encapsulated("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", false);
    public static final TransferSyntax MPEG4_HP42_2D = encapsulated("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", false);
    public static final TransferSyntax MPEG4_HP42_2D_F = encapsulated("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", false);
    public static final TransferSyntax MPEG4_HP42_3D = encapsulated("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", false);
    public static final TransferSyntax MPEG4_HP42_3D_F = encapsulated("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", false);
    public static final TransferSyntax MPEG4_HP42_STEREO = encapsulated("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", false);
    public static final TransferSyntax MPEG4_HP42_STEREO_F = encapsulated("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", false);
    public static final TransferSyntax HEVC_MP51 = encapsulated("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", false);
    public static final TransferSyntax HEVC_M10P51 = encapsulated("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", false);
    public static final TransferSyntax JPEG_XL_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", false);
    public static final TransferSyntax JPEG_XL_JPEG_RECOMPRESSION = encapsulated("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", false);
    public static final TransferSyntax JPEG_XL = encapsulated("1.2.840.10008.1.2.4.112", "JPEG XL", false);
    public static final TransferSyntax HTJ2K_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", false);
    public static final TransferSyntax HTJ2K_LOSSLESS_RPCL = encapsulated("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", false);
    public static final TransferSyntax HTJ2K = encapsulated("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", false);
    public static final TransferSyntax JPIP_HTJ2K_REFERENCED = add("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", true, false, false, false, false);
    public static final TransferSyntax JPIP_HTJ2K_REFERENCED_DEFLATE = add("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", true, false, true, false, false);
    public static final TransferSyntax RLE_LOSSLESS = encapsulated("1.2.840.10008.1.2.5", "RLE Lossless", false);
    /** SMPTE ST 2110 syntaxes of DICOM-RTV: Explicit VR LE meta data, no pixel data in the data set (PS3.5 A.9). */
    public static final TransferSyntax SMPTE_ST_2110_20_PROGRESSIVE = add("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", true, false, false, false, false);
    public static final TransferSyntax SMPTE_ST_2110_20_INTERLACED = add("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", true, false, false, false, false);
    public static final TransferSyntax SMPTE_ST_2110_30 = add("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", true, false, false, false, false);
    public static final TransferSyntax DEFLATED_IMAGE_FRAME_COMPRESSION = encapsulated("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", false);
    /** Retired Papyrus 3 syntax: encoded like Implicit VR Little Endian. */
    public static final TransferSyntax PAPYRUS_3_IMPLICIT_VR_LITTLE_ENDIAN =
            add("1.2.840.10008.1.20", "Papyrus 3 Implicit VR Little Endian", false, false, false, false, true);

    static {
        // Retired JPEG processes (PS3.6 Table A-1): still encapsulated, read and written the same way.
        String[][] retiredJpeg = {
            {"52", "JPEG Extended (Process 3 & 5)"},
            {"53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)"},
            {"54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)"},
            {"55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12)"},
            {"56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13)"},
            {"58", "JPEG Lossless, Non-Hierarchical (Process 15)"},
            {"59", "JPEG Extended, Hierarchical (Process 16 & 18)"},
            {"60", "JPEG Extended, Hierarchical (Process 17 & 19)"},
            {"61", "JPEG Spectral Selection, Hierarchical (Process 20 & 22)"},
            {"62", "JPEG Spectral Selection, Hierarchical (Process 21 & 23)"},
            {"63", "JPEG Full Progression, Hierarchical (Process 24 & 26)"},
            {"64", "JPEG Full Progression, Hierarchical (Process 25 & 27)"},
            {"65", "JPEG Lossless, Hierarchical (Process 28)"},
            {"66", "JPEG Lossless, Hierarchical (Process 29)"},
        };
        for (String[] r : retiredJpeg) {
            encapsulated("1.2.840.10008.1.2.4." + r[0], r[1], true);
        }
    }

    private static TransferSyntax add(String uid, String name, boolean explicitVr, boolean bigEndian,
            boolean deflated, boolean encapsulated, boolean retired) {
        TransferSyntax ts = new TransferSyntax(uid, name, explicitVr, bigEndian, deflated, encapsulated, retired);
        BY_UID.put(uid, ts);
        return ts;
    }

    private static TransferSyntax encapsulated(String uid, String name, boolean retired) {
        return add(uid, name, true, false, false, true, retired);
    }

    /** The known transfer syntax with this UID, or {@code null}. Trailing NUL/space padding is ignored. */
    public static TransferSyntax lookup(String uid) {
        return uid == null ? null : BY_UID.get(trimUid(uid));
    }

    /**
     * The transfer syntax with this UID; an unknown UID yields an Explicit VR Little Endian,
     * encapsulated syntax (how every compressed syntax is encoded, PS3.5 A.4) and logs a warning.
     */
    public static TransferSyntax of(String uid) {
        String u = trimUid(uid);
        TransferSyntax ts = BY_UID.get(u);
        if (ts == null) {
            LOG.warn("Unknown transfer syntax {}: reading it as Explicit VR Little Endian with encapsulated pixel data", u);
            ts = new TransferSyntax(u, "Unknown (" + u + ")", true, false, false, true, false);
        }
        return ts;
    }

    /** Whether {@link #lookup(String)} knows this UID. */
    public boolean known() {
        return BY_UID.get(uid) == this;
    }

    public static Collection<TransferSyntax> all() {
        return Collections.unmodifiableCollection(BY_UID.values());
    }

    /** The uncompressed syntax whose encoding (VR, byte order) this one uses for the data set itself. */
    public boolean littleEndian() {
        return !bigEndian;
    }

    private static String trimUid(String uid) {
        int end = uid.length();
        while (end > 0 && (uid.charAt(end - 1) == 0 || uid.charAt(end - 1) == ' ')) {
            end--;
        }
        int start = 0;
        while (start < end && uid.charAt(start) == ' ') {
            start++;
        }
        return uid.substring(start, end);
    }

    @Override
    public String toString() {
        return name + " [" + uid + "]";
    }
}
