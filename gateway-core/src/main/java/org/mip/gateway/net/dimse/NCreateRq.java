package org.mip.gateway.net.dimse;

/**
 * N-CREATE-RQ, PS3.7 10.3.5.1 Table 10.3-9; the Attribute List data set is optional, the Affected SOP
 * Instance UID too (the SCP then assigns one and returns it in the N-CREATE-RSP).
 */
public record NCreateRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid,
                        boolean hasDataSet) implements DimseRequest {
    public NCreateRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.optionalUid(affectedSopInstanceUid, "Affected SOP Instance UID");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_CREATE_RQ;
    }

    @Override
    public String sopClassUid() {
        return affectedSopClassUid;
    }

    @Override
    public String sopInstanceUid() {
        return affectedSopInstanceUid;
    }

    @Override
    public NCreateRsp response(int status, ErrorInfo error) {
        return new NCreateRsp(messageId, affectedSopClassUid, affectedSopInstanceUid, status, error, false);
    }
}
