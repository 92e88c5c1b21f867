package org.mip.gateway.mwl.mpps;

import org.mip.gateway.dicom.data.Tag;

/**
 * An MPPS request refused with a DIMSE failure {@code status} (see {@link MppsStatus}), the Error Comment
 * (0000,0902), the Error ID (0000,0903) when the standard defines one (else -1) and the offending attribute
 * (0000,0901)/(0000,1005) when one is to blame (else -1).
 */
public class MppsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorId;
    private final int tag;

    public MppsException(int status, String comment, int errorId, int tag) {
        super(comment);
        this.status = status;
        this.errorId = errorId;
        this.tag = tag;
    }

    static MppsException attribute(int status, int tag, String comment) {
        return new MppsException(status, comment + " " + Tag.toString(tag), -1, tag);
    }

    public int status() {
        return status;
    }

    public int errorId() {
        return errorId;
    }

    public int tag() {
        return tag;
    }

    /** The Error Comment, at most 64 characters as (0000,0902) LO allows. */
    public String comment() {
        String m = getMessage();
        return m.length() <= 64 ? m : m.substring(0, 64);
    }
}
