package org.mip.gateway.storescp.commit;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.service.ServiceRequest;

/**
 * How the Storage Commitment SCP delivers its N-EVENT-REPORT-RQ (PS3.4 J.3.3): on the association the
 * N-ACTION came on while it is still open, else on a new association to the requester, on which we are the
 * association requestor in the SCP role (PS3.4 J.3.3, PS3.7 D.3.3.4).
 */
public interface CommitmentReportSender {

    /**
     * Sends on the association {@code origin} came on, if it is still open and the association layer lets a
     * service send a request there; {@code false} when not (the report then goes on a new association).
     * The association layer has no such API yet: the default declines.
     */
    default boolean sendOnSameAssociation(ServiceRequest origin, NEventReportRq request, Attributes eventInformation) {
        return false;
    }

    /** Opens an association to {@code requester}, sends the report, waits for its N-EVENT-REPORT-RSP, releases. */
    int sendOnNewAssociation(AeAddress requester, NEventReportRq request, Attributes eventInformation)
            throws Exception;
}
