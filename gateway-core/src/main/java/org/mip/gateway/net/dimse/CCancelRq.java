package org.mip.gateway.net.dimse;

/**
 * C-CANCEL-RQ (C-FIND-CANCEL, C-GET-CANCEL, C-MOVE-CANCEL), PS3.7 9.3.2.3 Table 9.3-9: cancels the
 * operation whose Message ID is {@code messageIdBeingRespondedTo}; no data set, no response of its own.
 */
public record CCancelRq(int messageIdBeingRespondedTo) implements DimseMessage {
    public CCancelRq {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_CANCEL_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
