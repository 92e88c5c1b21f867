package org.mip.gateway.mwl.mpps;

/**
 * DIMSE status codes the MPPS SCP answers with (PS3.4 F.7.2.1.4 / F.7.2.2.4, PS3.7 C), and the specific error
 * of PS3.4 Table F.7.2-2. Plain constants until the network layer's status model is merged.
 */
public final class MppsStatus {
    public static final int SUCCESS = 0x0000;
    /** PS3.7 C.4.2 (N-SET/N-CREATE): a value is not valid, e.g. Performed Procedure Step Status not IN PROGRESS on N-CREATE. */
    public static final int INVALID_ATTRIBUTE_VALUE = 0x0106;
    /**
     * Processing failure (PS3.7 C.4.2). With Error ID {@link #ERROR_ID_MAY_NO_LONGER_BE_UPDATED} and Error Comment
     * {@link #MAY_NO_LONGER_BE_UPDATED} it is the N-SET answer once the step is COMPLETED or DISCONTINUED
     * (PS3.4 F.7.2.2.3, Table F.7.2-2).
     */
    public static final int PROCESSING_FAILURE = 0x0110;
    /** PS3.7 C.4.3: an N-CREATE for a SOP Instance UID that exists. */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    /** PS3.7 C.4.2: an N-SET for an unknown SOP Instance UID. */
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    /** PS3.7 C.4.3: a required attribute is missing. */
    public static final int MISSING_ATTRIBUTE = 0x0120;
    /** PS3.7 C.4.3: a required attribute has no value. */
    public static final int MISSING_ATTRIBUTE_VALUE = 0x0121;

    /** Error ID (0000,0903) of PS3.4 Table F.7.2-2. */
    public static final int ERROR_ID_MAY_NO_LONGER_BE_UPDATED = 0xA710;
    /** Error Comment (0000,0902) of PS3.4 Table F.7.2-2. */
    public static final String MAY_NO_LONGER_BE_UPDATED = "Performed Procedure Step Object may no longer be updated";

    private MppsStatus() {}
}
