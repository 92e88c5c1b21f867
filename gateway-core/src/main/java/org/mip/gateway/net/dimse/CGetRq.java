package org.mip.gateway.net.dimse;

/** C-GET-RQ, PS3.7 9.3.3.1 Table 9.3-5; the Identifier data set always follows. */
public record CGetRq(int messageId, String affectedSopClassUid, int priority) implements DimseRequest {
    public CGetRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.priority(priority);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_GET_RQ;
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
    public CGetRsp response(int status, ErrorInfo error) {
        return new CGetRsp(messageId, affectedSopClassUid, status, SubOperations.NONE, error, false);
    }
}
