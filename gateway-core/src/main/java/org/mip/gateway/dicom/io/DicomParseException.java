package org.mip.gateway.dicom.io;

import java.io.IOException;

import org.mip.gateway.dicom.data.Tag;

/**
 * The one exception the toolkit's readers throw for input that is not DICOM it can decode:
 * truncated, malformed, too deeply nested, or with lengths that cannot be right. The message names
 * the byte offset (in the decoded data set stream; for deflated data sets, after inflation) and the
 * tag being read, e.g. {@code "(7FE0,0010) at offset 1234: value length 8192 exceeds the 7900 bytes left"}.
 */
public class DicomParseException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Tag value meaning "no tag known yet". */
    public static final int NO_TAG = -1;

    private final long offset;
    private final int tag;
    private final String reason;

    public DicomParseException(long offset, int tag, String reason) {
        this(offset, tag, reason, null);
    }

    public DicomParseException(long offset, int tag, String reason, Throwable cause) {
        super(format(offset, tag, reason), cause);
        this.offset = offset;
        this.tag = tag;
        this.reason = reason;
    }

    private static String format(long offset, int tag, String reason) {
        StringBuilder sb = new StringBuilder();
        if (tag != NO_TAG) {
            sb.append(Tag.toString(tag)).append(' ');
        }
        return sb.append("at offset ").append(offset).append(": ").append(reason).toString();
    }

    /** Byte offset where the problem was found, or -1 when unknown. */
    public long offset() {
        return offset;
    }

    /** The tag being read, or {@link #NO_TAG}. */
    public int tag() {
        return tag;
    }

    /** The reason without offset and tag. */
    public String reason() {
        return reason;
    }
}
