package org.mip.gateway.net.dimse;

/** C-ECHO-RSP, PS3.7 9.3.5.2 Table 9.3-13; no data set. */
public record CEchoRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status, ErrorInfo error)
        implements DimseResponse {
    public CEchoRsp {
        Checks.us(messageIdBeingRespondedTo, "Message ID Being Responded To");
        Checks.optionalUid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.us(status, "Status");
        error = Checks.error(error);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_ECHO_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
