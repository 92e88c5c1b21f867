package org.mip.gateway.net.codec;

import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.Pdu;

/**
 * What {@link PduDecoder} passes downstream instead of a PDU it cannot accept: too long, inconsistent
 * lengths, missing or repeated items, or a connection closed inside a PDU. For the PS3.8 9.2 state
 * machine this is Evt19 ("unrecognized or invalid PDU received"); {@link #abortReason()} is the A-ABORT
 * reason to send (PS3.8 9.3.8 Table 9-26). After emitting one the decoder discards all further input:
 * the byte stream can no longer be trusted and the association is to be aborted.
 *
 * @param pduType the PDU type byte, or -1 if the header was incomplete
 * @param pduLength the PDU length field, or -1 if the header was incomplete
 * @param abortReason the A-ABORT reason for the service-provider abort
 * @param reason what was wrong, for the log; never contains PDU content beyond lengths and item types
 */
public record MalformedPdu(int pduType, long pduLength, AAbort.Reason abortReason, String reason) {

    /** The A-ABORT PDU (service-provider source) answering this malformed PDU. */
    public AAbort toAAbort() {
        return AAbort.serviceProvider(abortReason);
    }

    @Override
    public String toString() {
        return "MalformedPdu[" + (pduType < 0 ? "incomplete header" : Pdu.typeName(pduType) + ", length " + pduLength)
                + ", " + abortReason + ": " + reason + "]";
    }
}
