package org.mip.gateway.hl7.order;

/** The worklist refused an item; the message names the attribute and the reason. */
public class BookingRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public BookingRejectedException(String message) {
        super(message);
    }

    public BookingRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
