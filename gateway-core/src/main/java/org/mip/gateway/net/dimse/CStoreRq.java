package org.mip.gateway.net.dimse;

/**
 * C-STORE-RQ, PS3.7 9.3.1.1 Table 9.3-1; the data set (the SOP instance) always follows. Move
 * Originator Application Entity Title (0000,1030) and Move Originator Message ID (0000,1031) are set
 * when the store is a sub-operation of a C-MOVE, else {@code null}.
 */
public record CStoreRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, int priority,
                       String moveOriginatorAeTitle, Integer moveOriginatorMessageId) implements DimseRequest {
    public CStoreRq {
        Checks.us(messageId, "Message ID");
        Checks.uid(affectedSopClassUid, "Affected SOP Class UID");
        Checks.uid(affectedSopInstanceUid, "Affected SOP Instance UID");
        Checks.priority(priority);
        if (moveOriginatorAeTitle != null) {
            Checks.aeTitle(moveOriginatorAeTitle, "Move Originator Application Entity Title");
        }
        if (moveOriginatorMessageId != null) {
            Checks.us(moveOriginatorMessageId, "Move Originator Message ID");
        }
    }

    public CStoreRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, int priority) {
        this(messageId, affectedSopClassUid, affectedSopInstanceUid, priority, null, null);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_STORE_RQ;
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
        return affectedSopInstanceUid;
    }

    @Override
    public CStoreRsp response(int status, ErrorInfo error) {
        return new CStoreRsp(messageId, affectedSopClassUid, affectedSopInstanceUid, status, error);
    }
}
