package org.mip.gateway.net.pdu;

/**
 * A-RELEASE-RP PDU (type 06H, PS3.8 9.3.7 Table 9-25): PDU length 4, bytes 7-10 reserved. All instances
 * are equal.
 */
public record AReleaseRp() implements Pdu {
    public static final AReleaseRp INSTANCE = new AReleaseRp();

    @Override
    public int pduType() {
        return A_RELEASE_RP;
    }
}
