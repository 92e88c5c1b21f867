package org.mip.gateway.app.http;

/** An HTTP API failure with the status to answer and, for DICOM content, the attribute at fault. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String tag;

    public ApiError(int status, String message, String tag) {
        super(message);
        this.status = status;
        this.tag = tag;
    }

    public ApiError(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }

    /** "(GGGG,EEEE)" or null. */
    public String tag() {
        return tag;
    }
}
