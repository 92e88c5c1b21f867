package org.mip.gateway.net.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.NActionRq;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserItem;
import org.mip.gateway.net.server.TestServer;
import org.mip.gateway.net.service.DimseResponder;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.ServiceRequest;

/**
 * Requests against the usual direction, over real sockets: our SCP sends N-EVENT-REPORT to the SCU on
 * the SCU's own association and the client answers it with its incoming services (PS3.4 J.3.3); and a
 * listener grants the SCP role (PS3.7 D.3.3.4) to a peer that wants to report to it.
 */
@Timeout(30)
class PeerRequestsIT {
    private static final String TRANSACTION = "1.2.826.0.1.3680043.8.1055.2";
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** The SCU's side: takes the N-EVENT-REPORT-RQ and answers Success. */
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

    /** The SCP's side: answers N-ACTION, then reports on the same association. */
    static final class Reporter implements DimseService {
        final CompletableFuture<CompletableFuture<Reply>> report = new CompletableFuture<>();

        @Override
        public Set<String> sopClasses() {
            return Set.of(UID.StorageCommitmentPushModel);
        }

        @Override
        public Set<CommandField> commandFields() {
            return EnumSet.of(CommandField.N_ACTION_RQ);
        }

        @Override
        public void onRequest(ServiceRequest r, DimseResponder responder) throws Exception {
            responder.send(r.command().response(Status.Success), null);
            report.complete(r.peer().send(id -> new NEventReportRq(id, UID.StorageCommitmentPushModel,
                    UID.StorageCommitmentPushModelInstance, 1, true), info(), Duration.ofSeconds(10)));
        }
    }

    private static Attributes info() {
        Attributes a = new Attributes();
        a.setString(Tag.TransactionUID, VR.UI, TRANSACTION);
        return a;
    }

    private static List<PresentationContextRq> commitmentContext() {
        return List.of(new PresentationContextRq(1, UID.StorageCommitmentPushModel, UID.ExplicitVRLittleEndian));
    }

    @Test
    void reportOnTheNActionsAssociation_isAnsweredByTheClientsIncomingService() throws Exception {
        Reporter reporter = new Reporter();
        ReportReceiver receiver = new ReportReceiver();
        try (TestServer server = TestServer.start(reporter); DicomClient client = new DicomClient()) {
            ScuAssociation as = client.connect(new AeAddress(TestServer.AET, "127.0.0.1", server.port()), "MODALITY",
                    commitmentContext(), List.of(), ClientOptions.defaults(),
                    new IncomingServices(ServiceRegistry.builder().add(receiver).build(), executor));
            List<Reply> actionRsp = ScuAssociation.await(as.send(new NActionRq(as.nextMessageId(),
                    UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1, false), null));
            assertThat(actionRsp.get(0).response().status()).isEqualTo(Status.Success);

            assertThat(receiver.info.get(10, TimeUnit.SECONDS).getString(Tag.TransactionUID)).isEqualTo(TRANSACTION);
            NEventReportRq rq = (NEventReportRq) receiver.request.get().command();
            assertThat(rq.affectedSopInstanceUid()).isEqualTo(UID.StorageCommitmentPushModelInstance);
            assertThat(receiver.request.get().association().callingAeTitle()).isEqualTo("MODALITY");
            Reply answered = reporter.report.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            assertThat(answered.response().status()).as("the SCP got the client's N-EVENT-REPORT-RSP")
                    .isEqualTo(Status.Success);
            assertThat(answered.response().messageIdBeingRespondedTo()).isEqualTo(rq.messageId());
            as.release();
        }
    }

    @Test
    void scpRole_isGrantedByAListenerThatTakesNEventReports_andThePeerReportsToIt() throws Exception {
        ReportReceiver receiver = new ReportReceiver();
        List<UserItem.RoleSelection> scpRole = List.of(new UserItem.RoleSelection(UID.StorageCommitmentPushModel,
                false, true));
        try (TestServer modality = TestServer.start(receiver); TestServer other = TestServer.start(new Reporter());
             DicomClient client = new DicomClient()) {
            ScuAssociation as = client.connect(new AeAddress(TestServer.AET, "127.0.0.1", modality.port()), "MIPGW",
                    commitmentContext(), scpRole, ClientOptions.defaults(), IncomingServices.NONE);
            assertThat(as.association().roleSelections()).containsExactly(
                    new UserItem.RoleSelection(UID.StorageCommitmentPushModel, false, true));
            List<Reply> r = ScuAssociation.await(as.send(new NEventReportRq(as.nextMessageId(),
                    UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 2, true), info()));
            assertThat(r.get(0).response().status()).isEqualTo(Status.Success);
            assertThat(receiver.info.get(10, TimeUnit.SECONDS).getString(Tag.TransactionUID)).isEqualTo(TRANSACTION);
            as.release();

            // A listener that only serves N-ACTION (an SCP of the class) turns the SCP role down.
            ScuAssociation refused = client.connect(new AeAddress(TestServer.AET, "127.0.0.1", other.port()), "MIPGW",
                    commitmentContext(), scpRole, ClientOptions.defaults(), IncomingServices.NONE);
            assertThat(refused.association().roleSelections()).containsExactly(
                    new UserItem.RoleSelection(UID.StorageCommitmentPushModel, false, false));
            refused.release();
        }
    }
}
