package org.mip.gateway.net.pdu;

/**
 * A DICOM Upper Layer protocol data unit (PS3.8 9.3). Every PDU starts with the same 6-byte header:
 * byte 1 the PDU type, byte 2 reserved, bytes 3-6 the PDU length (unsigned, big endian) counting the
 * bytes that follow the header.
 */
public sealed interface Pdu
        permits AAssociateRq, AAssociateAc, AAssociateRj, PDataTf, AReleaseRq, AReleaseRp, AAbort, UnknownPdu {

    /** Length of the common PDU header: type, reserved byte, 4-byte PDU length (PS3.8 9.3.1). */
    int HEADER_LENGTH = 6;

    /** PDU type 01H, PS3.8 9.3.2. */
    int A_ASSOCIATE_RQ = 0x01;
    /** PDU type 02H, PS3.8 9.3.3. */
    int A_ASSOCIATE_AC = 0x02;
    /** PDU type 03H, PS3.8 9.3.4. */
    int A_ASSOCIATE_RJ = 0x03;
    /** PDU type 04H, PS3.8 9.3.5. */
    int P_DATA_TF = 0x04;
    /** PDU type 05H, PS3.8 9.3.6. */
    int A_RELEASE_RQ = 0x05;
    /** PDU type 06H, PS3.8 9.3.7. */
    int A_RELEASE_RP = 0x06;
    /** PDU type 07H, PS3.8 9.3.8. */
    int A_ABORT = 0x07;

    /** The PDU type byte (byte 1 of the PDU). */
    int pduType();

    /** The standard's name of a PDU type, e.g. {@code "A-ASSOCIATE-RQ"}, or {@code "PDU type 0x08"}. */
    static String typeName(int pduType) {
        return switch (pduType) {
            case A_ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
            case A_ASSOCIATE_AC -> "A-ASSOCIATE-AC";
            case A_ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
            case P_DATA_TF -> "P-DATA-TF";
            case A_RELEASE_RQ -> "A-RELEASE-RQ";
            case A_RELEASE_RP -> "A-RELEASE-RP";
            case A_ABORT -> "A-ABORT";
            default -> String.format("PDU type 0x%02X", pduType);
        };
    }
}
