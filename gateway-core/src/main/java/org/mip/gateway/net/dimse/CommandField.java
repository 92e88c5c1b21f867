package org.mip.gateway.net.dimse;

/**
 * Values of Command Field (0000,0100), PS3.7 E.1 Table E.1-1 (and Tables 9.3-1 to 10.3-12): a response
 * is its request's value with bit 15 set; C-CANCEL-RQ is 0FFFH.
 */
public enum CommandField {
    C_STORE_RQ(0x0001, "C-STORE-RQ"),
    C_STORE_RSP(0x8001, "C-STORE-RSP"),
    C_GET_RQ(0x0010, "C-GET-RQ"),
    C_GET_RSP(0x8010, "C-GET-RSP"),
    C_FIND_RQ(0x0020, "C-FIND-RQ"),
    C_FIND_RSP(0x8020, "C-FIND-RSP"),
    C_MOVE_RQ(0x0021, "C-MOVE-RQ"),
    C_MOVE_RSP(0x8021, "C-MOVE-RSP"),
    C_ECHO_RQ(0x0030, "C-ECHO-RQ"),
    C_ECHO_RSP(0x8030, "C-ECHO-RSP"),
    N_EVENT_REPORT_RQ(0x0100, "N-EVENT-REPORT-RQ"),
    N_EVENT_REPORT_RSP(0x8100, "N-EVENT-REPORT-RSP"),
    N_GET_RQ(0x0110, "N-GET-RQ"),
    N_GET_RSP(0x8110, "N-GET-RSP"),
    N_SET_RQ(0x0120, "N-SET-RQ"),
    N_SET_RSP(0x8120, "N-SET-RSP"),
    N_ACTION_RQ(0x0130, "N-ACTION-RQ"),
    N_ACTION_RSP(0x8130, "N-ACTION-RSP"),
    N_CREATE_RQ(0x0140, "N-CREATE-RQ"),
    N_CREATE_RSP(0x8140, "N-CREATE-RSP"),
    N_DELETE_RQ(0x0150, "N-DELETE-RQ"),
    N_DELETE_RSP(0x8150, "N-DELETE-RSP"),
    C_CANCEL_RQ(0x0FFF, "C-CANCEL-RQ");

    /** Bit 15 of Command Field: the message is a response. */
    public static final int RESPONSE_BIT = 0x8000;

    private final int code;
    private final String dimseName;

    CommandField(int code, String dimseName) {
        this.code = code;
        this.dimseName = dimseName;
    }

    public int code() {
        return code;
    }

    /** The name as PS3.7 writes it, e.g. "C-STORE-RQ". */
    public String dimseName() {
        return dimseName;
    }

    public boolean isResponse() {
        return (code & RESPONSE_BIT) != 0;
    }

    /** A request that expects a response (every request but C-CANCEL-RQ). */
    public boolean isRequest() {
        return !isResponse() && this != C_CANCEL_RQ;
    }

    /** The response command field of a request; throws for responses and C-CANCEL-RQ. */
    public CommandField response() {
        if (!isRequest()) {
            throw new IllegalStateException(dimseName + " has no response");
        }
        return of(code | RESPONSE_BIT);
    }

    /** The command field of {@code code}, or {@code null} when it is not one of PS3.7's. */
    public static CommandField of(int code) {
        for (CommandField f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return dimseName;
    }
}
