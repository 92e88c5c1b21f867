package org.mip.gateway.net.dimse;

/** C-ECHO-RQ, PS3.7 9.3.5.1 Table 9.3-12; no data set. */
public record CEchoRq(int messageId, String affectedSopClassUid) implements DimseRequest {
    public CEchoRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_ECHO_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
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
    public CEchoRsp response(int status, ErrorInfo error) {
        return new CEchoRsp(messageId, affectedSopClassUid, status, error);
    }
}
