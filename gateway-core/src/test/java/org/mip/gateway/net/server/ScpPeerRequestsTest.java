package org.mip.gateway.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.codec.PduCodec;
import org.mip.gateway.net.codec.PduDecoder;
import org.mip.gateway.net.codec.PduEncoder;
import org.mip.gateway.net.dimse.CommandCodec;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.DataSetCodec;
import org.mip.gateway.net.dimse.DimseMessage;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.NActionRq;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.dimse.NEventReportRsp;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRp;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;
import org.mip.gateway.net.service.DimseDispatcher;
import org.mip.gateway.net.service.DimseResponder;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAcceptor;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.net.ul.AssociationLimiter;
import org.mip.gateway.net.ul.PresentationPolicy;
import org.mip.gateway.net.ul.State;
import org.mip.gateway.net.ul.UpperLayerHandler;

/**
 * A service sends a request of its own to the peer on the association its request came on
 * ({@code ServiceRequest.peer()}), here the Storage Commitment N-EVENT-REPORT-RQ after the N-ACTION-RSP
 * (PS3.4 J.3.3). The acceptor's whole pipeline runs in an EmbeddedChannel, services inline; the peer is
 * scripted and reads the command sets it receives byte by byte.
 */
@Timeout(10)
class ScpPeerRequestsTest {
    private static final String TRANSACTION = "1.2.826.0.1.3680043.8.1055.1";
    private static final int PC_VERIFICATION = 1;
    private static final int PC_COMMIT_IMPLICIT = 3;
    private static final int PC_COMMIT_EXPLICIT = 5;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EmbeddedChannel peerDecoder = new EmbeddedChannel(new PduDecoder(1 << 20));
    private final List<ServiceRequest> served = new ArrayList<>();
    private final UpperLayerHandler upperLayer;
    private Consumer<ServiceRequest> afterResponse = r -> {};

    /** Storage Commitment SCP stand-in: answers N-ACTION Success, then runs {@link #afterResponse}. */
    private final DimseService commitment = new DimseService() {
        @Override
        public Set<String> sopClasses() {
            return Set.of(UID.StorageCommitmentPushModel);
        }

        @Override
        public Set<CommandField> commandFields() {
            return EnumSet.of(CommandField.N_ACTION_RQ);
        }

        @Override
        public void onRequest(ServiceRequest request, DimseResponder responder) throws Exception {
            served.add(request);
            responder.send(request.command().response(Status.Success), null);
            afterResponse.accept(request);
        }
    };

    ScpPeerRequestsTest() {
        DimseDispatcher dispatcher = new DimseDispatcher(ServiceRegistry.builder().add(new VerificationService())
                .add(commitment).build());
        AssociationAcceptor acceptor = new AssociationAcceptor("MIPGW", aet -> true, PresentationPolicy.of(Map.of(
                UID.Verification, List.of(UID.ImplicitVRLittleEndian),
                UID.StorageCommitmentPushModel, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian))),
                16384, 1);
        upperLayer = UpperLayerHandler.acceptor(acceptor, a -> new ScpAssociation(a, dispatcher, Runnable::run),
                new AssociationLimiter(5), Duration.ofSeconds(10), AssociationAudit.NONE);
        PduCodec.install(channel.pipeline(), 16384);
        channel.pipeline().addLast(upperLayer);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        peerDecoder.finishAndReleaseAll();
    }

    // ---- the scripted peer

    private void send(Pdu pdu) {
        channel.writeInbound(PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT));
        if (pdu instanceof PDataTf p) {
            p.release();
        }
        channel.runPendingTasks();
    }

    private void sendMessage(int pcid, DimseMessage command) {
        send(PDataTf.of(pcid, true, true, Unpooled.wrappedBuffer(CommandCodec.encode(command))));
    }

    private void sendMessage(int pcid, DimseMessage command, byte[] dataSet) {
        sendMessage(pcid, command);
        send(PDataTf.of(pcid, false, true, Unpooled.wrappedBuffer(dataSet)));
    }

    /** Every PDU the acceptor sent since the last call. */
    private List<Object> received() {
        channel.runPendingTasks();
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            peerDecoder.writeInbound(o);
            for (Object pdu; (pdu = peerDecoder.readInbound()) != null; ) {
                out.add(pdu);
            }
        }
        return out;
    }

    /** One DIMSE message as it came over the wire: its context, raw command set and data set bytes. */
    record WireMessage(int pcid, byte[] command, byte[] dataSet) {
        /** The command set's elements by tag: Implicit VR Little Endian, PS3.7 6.3.1. */
        Map<Integer, byte[]> elements() {
            Map<Integer, byte[]> out = new LinkedHashMap<>();
            for (int at = 0; at < command.length; ) {
                int tag = (le16(command, at) << 16) | le16(command, at + 2);
                int length = le16(command, at + 4) | le16(command, at + 6) << 16;
                byte[] value = new byte[length];
                System.arraycopy(command, at + 8, value, 0, length);
                out.put(tag, value);
                at += 8 + length;
            }
            return out;
        }

        int us(int tag) {
            return le16(elements().get(tag), 0);
        }

        String ui(int tag) {
            return new String(elements().get(tag), StandardCharsets.US_ASCII).replace("\0", "");
        }

        static int le16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }
    }

    /** The DIMSE messages in {@code pdus}, reassembled from their P-DATA-TF fragments (PS3.8 E.2). */
    private static List<WireMessage> messages(List<Object> pdus) {
        List<WireMessage> out = new ArrayList<>();
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] pendingCommand = null;
        int pcid = -1;
        for (Object o : pdus) {
            if (!(o instanceof PDataTf p)) {
                continue;
            }
            for (PresentationDataValue pdv : p.pdvs()) {
                pcid = pdv.presentationContextId();
                (pdv.command() ? command : data).writeBytes(ByteBufUtil.getBytes(pdv.data()));
                if (pdv.last() && pdv.command()) {
                    pendingCommand = command.toByteArray();
                    command.reset();
                    WireMessage m = new WireMessage(pcid, pendingCommand, null);
                    if (m.us(Tag.CommandDataSetType) == CommandCodec.NO_DATA_SET) {
                        out.add(m);
                        pendingCommand = null;
                    }
                } else if (pdv.last()) {
                    out.add(new WireMessage(pcid, pendingCommand, data.toByteArray()));
                    data.reset();
                    pendingCommand = null;
                }
            }
            p.release();
        }
        return out;
    }

    private void associate() {
        send(new AAssociateRq("MIPGW", "MODALITY", List.of(
                new PresentationContextRq(PC_VERIFICATION, UID.Verification, UID.ImplicitVRLittleEndian),
                new PresentationContextRq(PC_COMMIT_IMPLICIT, UID.StorageCommitmentPushModel, UID.ImplicitVRLittleEndian),
                new PresentationContextRq(PC_COMMIT_EXPLICIT, UID.StorageCommitmentPushModel, UID.ExplicitVRLittleEndian)),
                UserInformation.of(new UserItem.MaximumLength(16384))));
        assertThat(received()).singleElement().isInstanceOf(AAssociateAc.class);
    }

    private static Attributes eventInformation() {
        Attributes a = new Attributes();
        a.setString(Tag.TransactionUID, VR.UI, TRANSACTION);
        return a;
    }

    private static CompletableFuture<Reply> report(ServiceRequest r, Duration timeout) {
        return r.peer().send(id -> new NEventReportRq(id, UID.StorageCommitmentPushModel,
                UID.StorageCommitmentPushModelInstance, 1, true), eventInformation(), timeout);
    }

    private static NActionRq nAction(int messageId) {
        return new NActionRq(messageId, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1,
                false);
    }

    private static NEventReportRsp reportRsp(int messageIdBeingRespondedTo, int status) {
        return new NEventReportRsp(messageIdBeingRespondedTo, UID.StorageCommitmentPushModel,
                UID.StorageCommitmentPushModelInstance, 1, status, ErrorInfo.NONE, false);
    }

    // ---- tests

    @Test
    void nEventReport_goesOutAfterTheNActionRsp_onTheNActionsContext_andItsResponseCompletesTheFuture()
            throws Exception {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> reports.add(report(r, Duration.ofSeconds(30)));
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(7));

        List<WireMessage> wire = messages(received());
        assertThat(wire).hasSize(2);
        WireMessage rsp = wire.get(0);
        assertThat(rsp.us(Tag.CommandField)).isEqualTo(0x8130); // N-ACTION-RSP, PS3.7 10.3.4.2
        assertThat(rsp.us(Tag.MessageIDBeingRespondedTo)).isEqualTo(7);
        WireMessage rq = wire.get(1);
        // N-EVENT-REPORT-RQ fields, PS3.7 10.3.1.1 Table 10.3-1; on the context the N-ACTION came on,
        // although another context of the same SOP class exists.
        assertThat(rq.pcid()).isEqualTo(PC_COMMIT_EXPLICIT);
        assertThat(rq.elements().keySet()).containsExactly(Tag.CommandGroupLength, Tag.AffectedSOPClassUID,
                Tag.CommandField, Tag.MessageID, Tag.CommandDataSetType, Tag.AffectedSOPInstanceUID,
                Tag.EventTypeID);
        assertThat(rq.elements().get(Tag.CommandGroupLength)).containsExactly(
                (rq.command().length - 12) & 0xFF, (rq.command().length - 12) >> 8, 0, 0);
        assertThat(rq.ui(Tag.AffectedSOPClassUID)).isEqualTo("1.2.840.10008.1.20.1");
        assertThat(rq.us(Tag.CommandField)).isEqualTo(0x0100);
        assertThat(rq.us(Tag.MessageID)).isEqualTo(1);
        assertThat(rq.us(Tag.CommandDataSetType)).isNotEqualTo(0x0101);
        assertThat(rq.ui(Tag.AffectedSOPInstanceUID)).isEqualTo("1.2.840.10008.1.20.1.1");
        assertThat(rq.us(Tag.EventTypeID)).isEqualTo(1);
        // The Event Information in the context's transfer syntax, Explicit VR Little Endian: "UI" after the tag.
        assertThat(new String(rq.dataSet(), 4, 2, StandardCharsets.US_ASCII)).isEqualTo("UI");
        assertThat(DataSetCodec.decode(rq.dataSet(), UID.ExplicitVRLittleEndian).getString(Tag.TransactionUID))
                .isEqualTo(TRANSACTION);
        assertThat(reports.get(0)).isNotDone();

        sendMessage(PC_COMMIT_EXPLICIT, reportRsp(1, Status.Success));
        assertThat(reports.get(0)).isCompletedWithValueMatching(r -> r.response() instanceof NEventReportRsp rs
                && rs.status() == Status.Success && rs.messageIdBeingRespondedTo() == 1);
        assertThat(served).as("the response went to the waiting request, not to a service").hasSize(1);
        assertThat(received()).as("nothing answers a response").isEmpty();
        assertThat(upperLayer.state()).isEqualTo(State.Sta6);
    }

    @Test
    void outstandingRequests_haveDistinctMessageIds_andEachResponseReachesItsOwnRequest() {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> {
            reports.add(report(r, Duration.ofSeconds(30)));
            reports.add(report(r, Duration.ofSeconds(30)));
        };
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(1));
        List<WireMessage> wire = messages(received());
        assertThat(wire).extracting(m -> m.us(Tag.CommandField)).containsExactly(0x8130, 0x0100, 0x0100);
        assertThat(wire.get(1).us(Tag.MessageID)).isEqualTo(1);
        assertThat(wire.get(2).us(Tag.MessageID)).isEqualTo(2);

        sendMessage(PC_COMMIT_EXPLICIT, reportRsp(2, Status.ProcessingFailure));
        assertThat(reports.get(1)).isCompletedWithValueMatching(r -> r.response().status() == Status.ProcessingFailure);
        assertThat(reports.get(0)).isNotDone();
        sendMessage(PC_COMMIT_EXPLICIT, reportRsp(1, Status.Success));
        assertThat(reports.get(0)).isCompletedWithValueMatching(r -> r.response().status() == Status.Success);
        // A response nobody waits for is dropped, not answered and not fatal.
        sendMessage(PC_COMMIT_EXPLICIT, reportRsp(3, Status.Success));
        assertThat(received()).isEmpty();
        assertThat(upperLayer.state()).isEqualTo(State.Sta6);
    }

    @Test
    void aReleaseRqFromThePeer_failsTheOutstandingRequest_andNoRequestStartsAfterIt() {
        List<ServiceRequest> origin = new ArrayList<>();
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> {
            origin.add(r);
            reports.add(report(r, Duration.ofSeconds(30)));
        };
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(1));
        assertThat(messages(received())).hasSize(2);
        assertThat(origin.get(0).peer().isOpen()).isTrue();

        send(AReleaseRq.INSTANCE);
        // PS3.8 7.2.2: having sent A-RELEASE-RQ, the peer may issue nothing but A-ABORT: no answer will come.
        assertThatThrownBy(() -> reports.get(0).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(origin.get(0).peer().isOpen()).isFalse();
        CompletableFuture<Reply> late = report(origin.get(0), Duration.ofSeconds(30));
        assertThatThrownBy(late::join).hasCauseInstanceOf(IOException.class);
        assertThat(received()).as("no P-DATA after the A-RELEASE-RQ, only the A-RELEASE-RP")
                .containsExactly(AReleaseRp.INSTANCE);
    }

    @Test
    void aAbortFromThePeer_failsTheOutstandingRequest() {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> reports.add(report(r, Duration.ofSeconds(30)));
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(1));
        received().forEach(o -> ((PDataTf) o).release());
        send(AAbort.serviceUser());
        assertThatThrownBy(() -> reports.get(0).join()).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("ABORTED_BY_PEER");
    }

    @Test
    void noResponseWithinTheTimeout_failsTheRequest_butKeepsTheAssociation() {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> reports.add(report(r, Duration.ofSeconds(5)));
        channel.freezeTime();
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(1));
        received().forEach(o -> ((PDataTf) o).release());
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(reports.get(0)).isNotDone();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThatThrownBy(() -> reports.get(0).join()).hasCauseInstanceOf(TimeoutException.class);
        sendMessage(PC_COMMIT_EXPLICIT, reportRsp(1, Status.Success));
        assertThat(received()).isEmpty();
        assertThat(upperLayer.state()).isEqualTo(State.Sta6);
    }

    @Test
    void sopClassWithoutAcceptedContext_failsWithoutSendingAnything() {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> reports.add(r.peer().send(id -> new NEventReportRq(id,
                UID.ModalityPerformedProcedureStep, "1.2.3", 1, false), null, Duration.ofSeconds(5)));
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(1));
        assertThat(messages(received())).extracting(m -> m.us(Tag.CommandField)).containsExactly(0x8130);
        assertThatThrownBy(() -> reports.get(0).join()).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("no accepted presentation context for " + UID.ModalityPerformedProcedureStep);
    }

    @Test
    void requestThatIgnoresTheGivenMessageId_isRefusedWithoutSendingAnything() {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> reports.add(r.peer().send(id -> new NEventReportRq(id + 1, UID.StorageCommitmentPushModel,
                UID.StorageCommitmentPushModelInstance, 1, false), null, Duration.ofSeconds(5)));
        associate();
        sendMessage(PC_COMMIT_EXPLICIT, nAction(1));
        assertThat(messages(received())).extracting(m -> m.us(Tag.CommandField)).containsExactly(0x8130);
        assertThatThrownBy(() -> reports.get(0).join()).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void responseWithAnEventReplyDataSet_isDecodedInTheContextsTransferSyntax() throws Exception {
        List<CompletableFuture<Reply>> reports = new ArrayList<>();
        afterResponse = r -> reports.add(report(r, Duration.ofSeconds(5)));
        associate();
        sendMessage(PC_COMMIT_IMPLICIT, nAction(1));
        assertThat(messages(received())).extracting(WireMessage::pcid)
                .containsExactly(PC_COMMIT_IMPLICIT, PC_COMMIT_IMPLICIT);
        Attributes reply = new Attributes();
        reply.setString(Tag.TransactionUID, VR.UI, TRANSACTION);
        sendMessage(PC_COMMIT_IMPLICIT, new NEventReportRsp(1, null, null, 1, Status.Success, ErrorInfo.NONE, true),
                DataSetCodec.encode(reply, UID.ImplicitVRLittleEndian));
        assertThat(reports.get(0).join().dataSet().getString(Tag.TransactionUID)).isEqualTo(TRANSACTION);
    }
}
