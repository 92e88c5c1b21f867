package org.mip.gateway.net.dimse;

import java.util.List;

/**
 * N-GET-RQ, PS3.7 10.3.2.1 Table 10.3-3; no data set. Attribute Identifier List (0000,1005) holds the
 * requested tags (empty: all attributes).
 */
public record NGetRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid,
                     List<Integer> attributeIdentifierList) implements DimseRequest {
    public NGetRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(requestedSopClassUid, "Requested SOP Class UID");
        Checks.uid(requestedSopInstanceUid, "Requested SOP Instance UID");
        attributeIdentifierList = attributeIdentifierList == null ? List.of() : List.copyOf(attributeIdentifierList);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_GET_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public String sopClassUid() {
        return requestedSopClassUid;
    }

    @Override
    public String sopInstanceUid() {
        return requestedSopInstanceUid;
    }

    @Override
    public NGetRsp response(int status, ErrorInfo error) {
        return new NGetRsp(messageId, requestedSopClassUid, requestedSopInstanceUid, status, error, false);
    }
}
