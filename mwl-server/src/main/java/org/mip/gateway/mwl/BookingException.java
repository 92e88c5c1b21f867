package org.mip.gateway.mwl;

import org.mip.gateway.dicom.data.Tag;

/** A booking was refused because an attribute is missing or invalid; the message names it (HTTP 400). */
public class BookingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int tag;

    public BookingException(int tag, String message) {
        super(message);
        this.tag = tag;
    }

    /** A missing Type 1 attribute, e.g. "missing Modality (0008,0060) in the Scheduled Procedure Step Sequence". */
    public static BookingException missing(int tag, String name, String where) {
        return new BookingException(tag, "missing " + name + " " + Tag.toString(tag) + (where == null ? "" : " " + where));
    }

    public static BookingException invalid(int tag, String name, String why) {
        return new BookingException(tag, "invalid " + name + " " + Tag.toString(tag) + ": " + why);
    }

    /** The offending attribute's tag, or -1 when the problem is not one attribute's. */
    public int tag() {
        return tag;
    }
}
