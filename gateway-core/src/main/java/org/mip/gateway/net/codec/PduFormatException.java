package org.mip.gateway.net.codec;

import org.mip.gateway.net.pdu.AAbort;

/** Thrown inside {@link PduReader} and turned into a {@link MalformedPdu}; never leaves this package. */
final class PduFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AAbort.Reason abortReason;

    PduFormatException(AAbort.Reason abortReason, String message) {
        super(message, null, false, false);
        this.abortReason = abortReason;
    }

    AAbort.Reason abortReason() {
        return abortReason;
    }
}
