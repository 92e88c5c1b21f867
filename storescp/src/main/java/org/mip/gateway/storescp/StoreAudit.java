package org.mip.gateway.storescp;

import org.mip.gateway.net.service.AssociationInfo;

/**
 * What {@link ArchiveStoreService} tells the audit trail about each C-STORE it answered. Called on the DIMSE
 * worker right before the response is sent: implementations must be cheap and must not touch the database
 * (see {@link StoreAuditTrail}, which batches per association).
 */
@FunctionalInterface
public interface StoreAudit {

    /** One C-STORE answered with {@code status} (0000H Success, else the failure status sent). */
    void stored(AssociationInfo association, String sopClassUid, String sopInstanceUid, int status);

    /** Audits nothing (tests, tools). */
    StoreAudit NONE = (association, sopClassUid, sopInstanceUid, status) -> {};
}
