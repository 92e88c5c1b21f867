package org.mip.gateway.storescp.commit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.IncomingServices;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserItem;
import org.mip.gateway.net.service.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the report with the gateway's DICOM networking: on the requesting association through its
 * {@link org.mip.gateway.net.service.PeerRequests}, else on a new association opened by the DICOM client.
 *
 * <p>Roles. On the requesting association no role selection is needed: the requester proposed Storage
 * Commitment in the default roles, association-requestor SCU and acceptor SCP (PS3.7 D.3.3.4), and the
 * SCP is the one that invokes N-EVENT-REPORT (PS3.4 J.3.3). On a new association we are the requestor
 * but still the SCP, so we propose the SCP role and not the SCU role for the SOP class: the SCU accepts
 * an association on which the Storage Commitment SCP, as association requestor, proposes the SCP role
 * (PS3.4 J.3.3.1.3, Note). The report is sent whatever the acceptor answers to that
 * sub-item (a requester that does not negotiate roles usually takes the report anyway, and one that
 * does not take it answers with a failure status).
 */
public final class ClientReportSender implements CommitmentReportSender {
    private static final Logger LOG = LoggerFactory.getLogger(ClientReportSender.class);

    private final DicomClient client;
    private final ClientOptions options;
    private final String ourAet;

    /**
     * @param options for new associations; its response timeout also bounds the wait for the
     *     N-EVENT-REPORT-RSP on the requesting association
     */
    public ClientReportSender(DicomClient client, ClientOptions options, String ourAet) {
        this.client = Objects.requireNonNull(client);
        this.options = Objects.requireNonNull(options);
        this.ourAet = Objects.requireNonNull(ourAet);
    }

    @Override
    public boolean sendOnSameAssociation(ServiceRequest origin, NEventReportRq request, Attributes eventInformation) {
        if (!origin.peer().isOpen()) {
            return false;
        }
        Reply reply;
        try {
            reply = origin.peer().send(id -> new NEventReportRq(id, request.affectedSopClassUid(),
                    request.affectedSopInstanceUid(), request.eventTypeId(), request.hasDataSet()),
                    eventInformation, options.responseTimeout()).get();
        } catch (ExecutionException e) {
            LOG.info("storage commitment report to {} on its association not answered: {}", origin.association(),
                    e.getCause().getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        int status = reply.response().status();
        if (Status.category(status) == Status.Category.FAILURE) {
            LOG.info("storage commitment report refused by {} on its association: N-EVENT-REPORT-RSP {}",
                    origin.association(), Status.toString(status));
            return false;
        }
        return true;
    }

    @Override
    public int sendOnNewAssociation(AeAddress requester, NEventReportRq request, Attributes eventInformation)
            throws Exception {
        List<PresentationContextRq> pcs = List.of(new PresentationContextRq(1, UID.StorageCommitmentPushModel,
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
        List<UserItem.RoleSelection> scpRole = List.of(new UserItem.RoleSelection(UID.StorageCommitmentPushModel,
                false, true));
        ScuAssociation as = client.connect(requester, ourAet, pcs, scpRole, options, IncomingServices.NONE);
        try {
            if (as.association().roleSelections().stream().noneMatch(UserItem.RoleSelection::scpRole)) {
                LOG.debug("{} did not confirm the SCP role for storage commitment; reporting anyway", requester);
            }
            List<Reply> replies = ScuAssociation.await(as.send(request, eventInformation));
            int status = replies.get(replies.size() - 1).response().status();
            as.release();
            return status;
        } catch (Exception e) {
            as.abort();
            throw e;
        }
    }
}
