package org.mip.gateway.net.dimse;

/** C-FIND-RQ, PS3.7 9.3.2.1 Table 9.3-3; the Identifier data set always follows. */
public record CFindRq(int messageId, String affectedSopClassUid, int priority) implements DimseRequest {
    public CFindRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.priority(priority);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_FIND_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }

    @Override
    public String sopClassUid() {
        return affectedSopClassUid;
    }

    @Override
    public String sopInstanceUid() {
        return null;
    }

    @Override
    public CFindRsp response(int status, ErrorInfo error) {
        return new CFindRsp(messageId, affectedSopClassUid, status, error, false);
    }

    /** A pending response carrying a match: status FF00H, or FF01H when optional keys were not supported. */
    public CFindRsp pending(boolean optionalKeysSupported) {
        return new CFindRsp(messageId, affectedSopClassUid,
                optionalKeysSupported ? Status.Pending : Status.PendingWarning, ErrorInfo.NONE, true);
    }
}
