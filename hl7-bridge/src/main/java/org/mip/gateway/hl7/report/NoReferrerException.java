package org.mip.gateway.hl7.report;

/** Neither the order nor the request names a configured {@code hl7.referrers} entry (HTTP 422). */
public class NoReferrerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoReferrerException(String message) {
        super(message);
    }
}
