package org.mip.gateway.hl7.report;

/** No order has the report's accession number (HTTP 404). */
public class UnknownAccessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownAccessionException(String accessionNumber) {
        super("no order with accession number " + accessionNumber);
    }
}
