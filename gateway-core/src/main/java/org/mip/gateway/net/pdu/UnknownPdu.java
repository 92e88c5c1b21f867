package org.mip.gateway.net.pdu;

import java.util.Arrays;

/**
 * A PDU whose type byte is not one of 01H-07H (PS3.8 9.3.1). The upper layer answers it as an
 * "unrecognized or invalid PDU" (PS3.8 9.2 Evt19) with A-ABORT reason unrecognized-PDU (1). The
 * body is kept, bounded by the decoder's maximum PDU length, for logging and for tests.
 */
public record UnknownPdu(int pduType, byte[] body) implements Pdu {

    public UnknownPdu {
        if (pduType < 0 || pduType > 0xFF || (pduType >= A_ASSOCIATE_RQ && pduType <= A_ABORT)) {
            throw new IllegalArgumentException("not an unknown PDU type: " + pduType);
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Number of body bytes, without copying them. */
    public int length() {
        return body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownPdu other && pduType == other.pduType && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return pduType * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return String.format("UnknownPdu[pduType=0x%02X, length=%d]", pduType, body.length);
    }
}
