package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.StorageConfig.CommitmentPeer;
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
import org.mip.gateway.net.client.IncomingServices;
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
 * Storage Commitment Push Model (PS3.4 J.3) as a modality sees it: it stores instances, asks for
 * commitment of them and of one the gateway never received, and gets the N-EVENT-REPORT-RQ with Event
 * Type ID 2, the stored ones in Referenced SOP Sequence and the missing one in Failed SOP Sequence with
 * Failure Reason 0112H (J.3.3.1.1). The report comes on the modality's own association while it stays
 * open, and on a new association to the configured {@code storage.commitment-peers} address once the
 * modality released after the N-ACTION-RSP (J.3.3.1.2).
 */
@Timeout(120)
class StorageCommitmentIT {
    private static final String MISSING = "1.2.826.0.1.3680043.8.1055.77.404";

    @TempDir
    Path dir;

    private final ExecutorService modalityWorkers = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        modalityWorkers.shutdownNow();
    }

    /** The modality's side of storage commitment: receives the N-EVENT-REPORT-RQ, answers Success. */
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
    void associationKeptOpen_reportArrivesOnIt_withEveryStoredInstanceAndTheMissingOneFailed0112H() throws Exception {
        ReportReceiver receiver = new ReportReceiver();
        // No commitment peer and no forward destination: a report on a new association could go nowhere.
        try (StoreGateway gw = StoreGateway.start(StoreGateway.h2(dir), dir.resolve("archive"), 0,
                OnDuplicate.KEEP_BOTH, List.of(), ForwardService.Options.defaults(), List.of());
             DicomClient client = new DicomClient()) {
            ScuAssociation as = client.connect(new AeAddress(StoreGateway.AET, "127.0.0.1", gw.port()), "MODALITY",
                    List.of(new PresentationContextRq(1, UID.MRImageStorage, UID.ExplicitVRLittleEndian),
                            new PresentationContextRq(3, UID.StorageCommitmentPushModel, UID.ExplicitVRLittleEndian)),
                    List.of(), ClientOptions.defaults(),
                    new IncomingServices(ServiceRegistry.builder().add(receiver).build(), modalityWorkers));
            List<String> stored = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String iuid = "1.2.826.0.1.3680043.8.1055.77.1." + i;
                Attributes mr = TestData.mr(iuid);
                assertThat(as.store(UID.MRImageStorage, iuid, UID.ExplicitVRLittleEndian, new ByteArrayInputStream(
                        TestData.encode(mr, UID.ExplicitVRLittleEndian))).status()).isEqualTo(Status.Success);
                stored.add(iuid);
            }
            List<String> requested = new ArrayList<>(stored);
            requested.add(MISSING);

            List<Reply> rsp = ScuAssociation.await(as.send(nAction(as.nextMessageId()),
                    action("1.2.826.0.1.3680043.8.1055.77.2", UID.MRImageStorage, requested)));
            assertThat(rsp.get(rsp.size() - 1).response().status()).isEqualTo(Status.Success);

            Attributes info = receiver.info.get(30, TimeUnit.SECONDS);
            ServiceRequest report = receiver.request.get();
            assertThat(report.association().callingAeTitle()).as("the modality's own association")
                    .isEqualTo("MODALITY");
            assertThat(as.association().state()).isEqualTo(org.mip.gateway.net.ul.State.Sta6);
            assertEventReport((NEventReportRq) report.command(), info, "1.2.826.0.1.3680043.8.1055.77.2",
                    UID.MRImageStorage, stored);
            as.release();
        }
    }

    @Test
    void releasedRightAfterTheNActionRsp_reportArrivesOnANewAssociationAtTheConfiguredPeer() throws Exception {
        Peers.require("storescu", "dcmtk");
        ReportReceiver receiver = new ReportReceiver();
        DicomServer modality = new DicomServer(new DicomConfig("MODALITY", "127.0.0.1", 0, TlsConfig.OFF, List.of(),
                65536, 5), ServiceRegistry.builder().add(receiver).build(), AssociationAudit.NONE,
                ServerOptions.defaults());
        modality.start();
        try (StoreGateway gw = StoreGateway.start(StoreGateway.h2(dir), dir.resolve("archive"), 0,
                OnDuplicate.KEEP_BOTH, List.of(), ForwardService.Options.defaults(),
                List.of(new CommitmentPeer("MODALITY", "127.0.0.1", modality.port())));
             DicomClient client = new DicomClient()) {
            Path ct = Peers.pydicomFile("test_files/CT_small.dcm");
            Dcmtk.Result stored = Dcmtk.run(30_000, "storescu", "-aet", "MODALITY", "-aec", StoreGateway.AET,
                    "127.0.0.1", String.valueOf(gw.port()), ct.toString());
            assertThat(stored.exitCode()).as(stored.output()).isZero();
            String ctUid = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";

            // No incoming services: a report that reached this association before the release would not
            // be answered here, and the gateway would still have to use the new association.
            ScuAssociation as = client.connect(new AeAddress(StoreGateway.AET, "127.0.0.1", gw.port()), "MODALITY",
                    List.of(new PresentationContextRq(1, UID.StorageCommitmentPushModel,
                            List.of(UID.ExplicitVRLittleEndian))), ClientOptions.defaults());
            List<Reply> replies = ScuAssociation.await(as.send(nAction(as.nextMessageId()),
                    action("1.2.826.0.1.3680043.8.1055.77.1", UID.CTImageStorage, List.of(ctUid, MISSING))));
            assertThat(replies.get(replies.size() - 1).response().status()).isEqualTo(Status.Success);
            as.release();

            Attributes info = receiver.info.get(30, TimeUnit.SECONDS);
            ServiceRequest report = receiver.request.get();
            assertThat(report.association().callingAeTitle()).as("the gateway called the modality's listener")
                    .isEqualTo(StoreGateway.AET);
            assertThat(report.association().calledAeTitle()).isEqualTo("MODALITY");
            assertEventReport((NEventReportRq) report.command(), info, "1.2.826.0.1.3680043.8.1055.77.1",
                    UID.CTImageStorage, List.of(ctUid));
        } finally {
            modality.stop(Duration.ofSeconds(2));
        }
    }

    private static NActionRq nAction(int messageId) {
        return new NActionRq(messageId, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1,
                true);
    }

    /** Action Information of "Request Storage Commitment", PS3.4 J.3.2.1 Table J.3-1. */
    private static Attributes action(String transactionUid, String sopClass, List<String> instances) {
        Attributes action = new Attributes();
        action.setString(Tag.TransactionUID, VR.UI, transactionUid);
        Sequence refs = action.newSequence(Tag.ReferencedSOPSequence, instances.size());
        for (String iuid : instances) {
            refs.add(ref(sopClass, iuid));
        }
        return action;
    }

    private static Attributes ref(String cuid, String iuid) {
        Attributes a = new Attributes();
        a.setString(Tag.ReferencedSOPClassUID, VR.UI, cuid);
        a.setString(Tag.ReferencedSOPInstanceUID, VR.UI, iuid);
        return a;
    }

    /** PS3.4 J.3.3.1: Event Type 2 (failures exist), the same Transaction UID, every reference in one list. */
    private static void assertEventReport(NEventReportRq rq, Attributes info, String transactionUid, String sopClass,
                                          List<String> committed) {
        assertThat(rq.affectedSopClassUid()).isEqualTo(UID.StorageCommitmentPushModel);
        assertThat(rq.affectedSopInstanceUid()).isEqualTo(UID.StorageCommitmentPushModelInstance);
        assertThat(rq.eventTypeId()).isEqualTo(2);
        assertThat(info.getString(Tag.TransactionUID)).isEqualTo(transactionUid);
        assertThat(info.getSequence(Tag.ReferencedSOPSequence)).extracting(
                i -> i.getString(Tag.ReferencedSOPClassUID) + " " + i.getString(Tag.ReferencedSOPInstanceUID))
                .containsExactlyElementsOf(committed.stream().map(iuid -> sopClass + " " + iuid).toList());
        assertThat(info.getSequence(Tag.FailedSOPSequence)).singleElement().satisfies(i -> {
            assertThat(i.getString(Tag.ReferencedSOPClassUID)).isEqualTo(sopClass);
            assertThat(i.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(MISSING);
            assertThat(i.getInt(Tag.FailureReason, 0)).isEqualTo(0x0112);
        });
    }
}
