package org.mip.gateway.net.ul;

/** The events of the DICOM UL state machine, PS3.8 9.2.1 Table 9-9 ("Event" column of Table 9-10). */
public enum Event {
    Evt1("A-ASSOCIATE request (local user)"),
    Evt2("Transport connect confirmation (local transport service)"),
    Evt3("A-ASSOCIATE-AC PDU received"),
    Evt4("A-ASSOCIATE-RJ PDU received"),
    Evt5("Transport connection indication (local transport service)"),
    Evt6("A-ASSOCIATE-RQ PDU received"),
    Evt7("A-ASSOCIATE response primitive (accept)"),
    Evt8("A-ASSOCIATE response primitive (reject)"),
    Evt9("P-DATA request primitive"),
    Evt10("P-DATA-TF PDU received"),
    Evt11("A-RELEASE request primitive"),
    Evt12("A-RELEASE-RQ PDU received"),
    Evt13("A-RELEASE-RP PDU received"),
    Evt14("A-RELEASE response primitive"),
    Evt15("A-ABORT request primitive"),
    Evt16("A-ABORT PDU received"),
    Evt17("Transport connection closed indication"),
    Evt18("ARTIM timer expired"),
    Evt19("Unrecognized or invalid PDU received");

    private final String description;

    Event(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The event a received PDU of {@code pduType} causes: Evt3, 4, 6, 10, 12, 13, 16, else Evt19. */
    public static Event received(int pduType) {
        return switch (pduType) {
            case 0x01 -> Evt6;
            case 0x02 -> Evt3;
            case 0x03 -> Evt4;
            case 0x04 -> Evt10;
            case 0x05 -> Evt12;
            case 0x06 -> Evt13;
            case 0x07 -> Evt16;
            default -> Evt19;
        };
    }
}
