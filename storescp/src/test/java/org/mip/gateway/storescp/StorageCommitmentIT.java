package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.NActionRq;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.server.Dcmtk;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.server.ServerOptions;
import org.mip.gateway.net.service.DimseResponder;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.storescp.forward.ForwardService;
import org.mip.gateway.testing.Peers;

/**
 * A modality stores one instance with DCMTK storescu, then asks for storage commitment of it and of one the
 * gateway never received; the report arrives on a new association to the modality's listener (Event Type
 * 2, one committed, one failed with 0112H).
 */
@Timeout(120)
class StorageCommitmentIT {
    @TempDir
    Path dir;

    /** The modality's side of storage commitment: receives the N-EVENT-REPORT-RQ. */
    static final class ReportReceiver implements DimseService {
        final CompletableFuture<ServiceRequest> request = new CompletableFuture<>();
        final CompletableFuture<Attributes> info = new CompletableFuture<>();

        @Override
        public Set<String> sopClasses() {
            return Set.of(UID.StorageCommitmentPushModel);
        }

        @Override
        public Set<CommandField> commandFields() {
            return EnumSet.of(CommandField.N_EVENT_REPORT_RQ);
        }

        @Override
        public void onRequest(ServiceRequest r, DimseResponder responder) throws Exception {
            info.complete(r.dataSet().read());
            request.complete(r);
            responder.send(r.command().response(Status.Success), null);
        }
    }

    @Test
    void commitment_oneStoredOneMissing_reportedOnANewAssociation() throws Exception {
        Peers.require("storescu", "dcmtk");
        ReportReceiver receiver = new ReportReceiver();
        DicomServer modality = new DicomServer(new DicomConfig("MODALITY", "127.0.0.1", 0, TlsConfig.OFF, List.of(),
                65536, 5), ServiceRegistry.builder().add(receiver).build(), AssociationAudit.NONE,
                ServerOptions.defaults());
        modality.start();
        try (StoreGateway gw = StoreGateway.start(StoreGateway.h2(dir), dir.resolve("archive"), 0,
                OnDuplicate.KEEP_BOTH, List.of(), ForwardService.Options.defaults(),
                Map.of("MODALITY", new AeAddress("MODALITY", "", modality.port())));
             DicomClient client = new DicomClient()) {
            Path ct = Peers.pydicomFile("test_files/CT_small.dcm");
            Dcmtk.Result stored = Dcmtk.run(30_000, "storescu", "-aet", "MODALITY", "-aec", StoreGateway.AET,
                    "127.0.0.1", String.valueOf(gw.port()), ct.toString());
            assertThat(stored.exitCode()).as(stored.output()).isZero();
            String ctUid = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";

            Attributes action = new Attributes();
            action.setString(Tag.TransactionUID, VR.UI, "1.2.826.0.1.3680043.8.1055.77.1");
            Sequence refs = action.newSequence(Tag.ReferencedSOPSequence, 2);
            refs.add(ref(UID.CTImageStorage, ctUid));
            refs.add(ref(UID.CTImageStorage, "1.2.826.0.1.3680043.8.1055.77.404"));
            ScuAssociation as = client.connect(new AeAddress(StoreGateway.AET, "127.0.0.1", gw.port()), "MODALITY",
                    List.of(new PresentationContextRq(1, UID.StorageCommitmentPushModel,
                            List.of(UID.ExplicitVRLittleEndian))), ClientOptions.defaults());
            List<Reply> replies = ScuAssociation.await(as.send(new NActionRq(as.nextMessageId(),
                    UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1, true), action));
            assertThat(replies.get(replies.size() - 1).response().status()).isEqualTo(Status.Success);
            as.release();

            Attributes info = receiver.info.get(30, TimeUnit.SECONDS);
            NEventReportRq rq = (NEventReportRq) receiver.request.get().command();
            assertThat(rq.eventTypeId()).isEqualTo(2);
            assertThat(rq.affectedSopInstanceUid()).isEqualTo(UID.StorageCommitmentPushModelInstance);
            assertThat(receiver.request.get().association().callingAeTitle()).isEqualTo(StoreGateway.AET);
            assertThat(info.getString(Tag.TransactionUID)).isEqualTo("1.2.826.0.1.3680043.8.1055.77.1");
            assertThat(info.getSequence(Tag.ReferencedSOPSequence)).singleElement()
                    .satisfies(i -> assertThat(i.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(ctUid));
            assertThat(info.getSequence(Tag.FailedSOPSequence)).singleElement().satisfies(i -> {
                assertThat(i.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo("1.2.826.0.1.3680043.8.1055.77.404");
                assertThat(i.getInt(Tag.FailureReason, 0)).isEqualTo(0x0112);
            });
        } finally {
            modality.stop(Duration.ofSeconds(2));
        }
    }

    private static Attributes ref(String cuid, String iuid) {
        Attributes a = new Attributes();
        a.setString(Tag.ReferencedSOPClassUID, VR.UI, cuid);
        a.setString(Tag.ReferencedSOPInstanceUID, VR.UI, iuid);
        return a;
    }
}
