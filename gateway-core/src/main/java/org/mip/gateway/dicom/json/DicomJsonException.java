package org.mip.gateway.dicom.json;

import org.mip.gateway.dicom.data.Tag;

/** Invalid DICOM JSON input (PS3.18 Annex F); the message names the offending tag when there is one. */
public class DicomJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int tag;

    public DicomJsonException(String message) {
        this(-1, message, null);
    }

    public DicomJsonException(String message, Throwable cause) {
        this(-1, message, cause);
    }

    public DicomJsonException(int tag, String message) {
        this(tag, message, null);
    }

    public DicomJsonException(int tag, String message, Throwable cause) {
        super(tag == -1 ? message : Tag.toString(tag) + ": " + message, cause);
        this.tag = tag;
    }

    /** The tag of the offending attribute, or -1. */
    public int tag() {
        return tag;
    }
}
