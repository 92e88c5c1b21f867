package org.mip.gateway.storescp.commit;

import java.util.List;
import java.util.Objects;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.pdu.PresentationContextRq;

/** Sends the report on a new association with the gateway's DICOM client. */
public final class ClientReportSender implements CommitmentReportSender {
    private final DicomClient client;
    private final ClientOptions options;
    private final String ourAet;

    public ClientReportSender(DicomClient client, ClientOptions options, String ourAet) {
        this.client = Objects.requireNonNull(client);
        this.options = Objects.requireNonNull(options);
        this.ourAet = Objects.requireNonNull(ourAet);
    }

    @Override
    public int sendOnNewAssociation(AeAddress requester, NEventReportRq request, Attributes eventInformation)
            throws Exception {
        List<PresentationContextRq> pcs = List.of(new PresentationContextRq(1, UID.StorageCommitmentPushModel,
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
        ScuAssociation as = client.connect(requester, ourAet, pcs, options);
        try {
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
