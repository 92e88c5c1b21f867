package org.mip.gateway.mwl.query;

/**
 * The identifier cannot be evaluated (e.g. a malformed date range); a C-FIND SCP answers it with
 * 0xA900 "Identifier does not match SOP Class" or 0xC000-class "unable to process" (PS3.4 K.4.1.1.4).
 */
public class InvalidQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message) {
        super(message);
    }
}
