package org.mip.gateway.storescp.commit;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.service.ServiceRequest;

/**
 * How the Storage Commitment SCP delivers its N-EVENT-REPORT-RQ (PS3.4 J.3.3): on the association the
 * N-ACTION came on while it is still open, else on a new association to the requester, on which we are the
 * association requestor in the SCP role (PS3.4 J.3.3.1.3, PS3.7 D.3.3.4).
 */
public interface CommitmentReportSender {

    /**
     * Sends on the association {@code origin} came on, if it is still open. PS3.4 J.3.3.1.2 lets the SCP
     * try that association, the SCU being free to release it at any time, and requires it to be able to
     * use a new one. {@code true} when the requester answered with a status other than a failure;
     * {@code false} when the report could not be sent or answered there (released, aborted, no response in
     * time) or was refused with a failure status: the report then goes on a new association.
     * {@code request}'s Message ID is replaced by one free on that association. The default declines (a
     * sender that only opens new associations).
     */
    default boolean sendOnSameAssociation(ServiceRequest origin, NEventReportRq request, Attributes eventInformation) {
        return false;
    }

    /** Opens an association to {@code requester}, sends the report, waits for its N-EVENT-REPORT-RSP, releases. */
    int sendOnNewAssociation(AeAddress requester, NEventReportRq request, Attributes eventInformation)
            throws Exception;
}
