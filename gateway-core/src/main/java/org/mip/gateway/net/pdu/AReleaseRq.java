package org.mip.gateway.net.pdu;

/**
 * A-RELEASE-RQ PDU (type 05H, PS3.8 9.3.6 Table 9-24): PDU length 4, bytes 7-10 reserved. All instances
 * are equal.
 */
public record AReleaseRq() implements Pdu {
    public static final AReleaseRq INSTANCE = new AReleaseRq();

    @Override
    public int pduType() {
        return A_RELEASE_RQ;
    }
}
