package org.mip.gateway.net.dimse;

/** C-MOVE-RQ, PS3.7 9.3.4.1 Table 9.3-7; the Identifier data set always follows. */
public record CMoveRq(int messageId, String affectedSopClassUid, int priority, String moveDestination)
        implements DimseRequest {
    public CMoveRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.priority(priority);
        Checks.aeTitle(moveDestination, "Move Destination");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_MOVE_RQ;
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
    public CMoveRsp response(int status, ErrorInfo error) {
        return new CMoveRsp(messageId, affectedSopClassUid, status, SubOperations.NONE, error, false);
    }
}
