package org.mip.gateway.net.pdu;

/** Rules for the 16-byte AE title fields of A-ASSOCIATE-RQ/AC (PS3.8 9.3.2 Table 9-11, bytes 11-42). */
public final class AeTitle {
    /** Size of an AE title field on the wire; shorter titles are padded with spaces (20H). */
    public static final int LENGTH = 16;

    private AeTitle() {}

    /**
     * Checks that {@code title} fits the 16-byte field: at most 16 characters, each one byte in
     * ISO-8859-1. Neither blank titles nor characters outside ISO 646 G0 are refused here: the AE title
     * fields of an A-ASSOCIATE-AC are reserved fields echoed back and not tested (PS3.8 9.3.3
     * Table 9-17), and whether a requested title is acceptable is the upper layer's decision. The
     * decoder refuses a blank title in an A-ASSOCIATE-RQ (PS3.8 9.3.2 Table 9-11: sixteen spaces
     * "shall not be used").
     */
    static String check(String title, String what) {
        if (title == null) {
            throw new NullPointerException(what);
        }
        if (title.length() > LENGTH) {
            throw new IllegalArgumentException(what + " longer than 16 characters: " + title);
        }
        for (int i = 0; i < title.length(); i++) {
            if (title.charAt(i) > 0xFF) {
                throw new IllegalArgumentException(what + " has a character beyond ISO-8859-1: " + title);
            }
        }
        return title;
    }

    /** True when {@code title} is empty or all spaces. */
    public static boolean isBlank(String title) {
        return title.isBlank();
    }
}
