package org.mip.gateway.net.service;

import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Status;

/**
 * Thrown by service code to answer the request with a failure (or warning) status and an Error Comment
 * (PS3.7 Annex C), e.g. {@code throw new DimseStatusException(Status.OutOfResources, "archive full")}.
 * Unchecked, so that a C-FIND cursor can throw it from {@code next()}. The comment goes to the peer:
 * keep patient identifiers out of it.
 */
public class DimseStatusException extends RuntimeException {
    private final int status;
    private final ErrorInfo errorInfo;

    public DimseStatusException(int status, String errorComment) {
        this(status, ErrorInfo.comment(errorComment), null);
    }

    public DimseStatusException(int status, ErrorInfo errorInfo) {
        this(status, errorInfo, null);
    }

    public DimseStatusException(int status, ErrorInfo errorInfo, Throwable cause) {
        super(Status.toString(status) + (errorInfo != null && errorInfo.errorComment() != null
                ? ": " + errorInfo.errorComment() : ""), cause);
        if ((status & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("status not 16-bit: " + status);
        }
        this.status = status;
        this.errorInfo = errorInfo == null ? ErrorInfo.NONE : errorInfo;
    }

    public int status() {
        return status;
    }

    public ErrorInfo errorInfo() {
        return errorInfo;
    }
}
