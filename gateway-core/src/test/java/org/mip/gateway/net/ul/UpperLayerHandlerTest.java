package org.mip.gateway.net.ul;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRj;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRp;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.ApplicationContext;
import org.mip.gateway.net.pdu.PDataTf;

/** The acceptor's state machine driven through its ugly paths by a scripted peer (PS3.8 9.2 Table 9-10). */
@Timeout(10)
class UpperLayerHandlerTest {

    private static PDataTf echoCommandFragment(boolean last) {
        return PDataTf.of(1, true, last, Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0}));
    }

    private static ScriptedPeer established() {
        ScriptedPeer peer = new ScriptedPeer();
        peer.send(ScriptedPeer.echoRq("MIPGW", "MODALITY"));
        assertThat(peer.received()).singleElement().isInstanceOf(AAssociateAc.class);
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta6);
        return peer;
    }

    @Test
    void associateAndRelease_followsSta2Sta6Sta13() {
        ScriptedPeer peer = new ScriptedPeer();
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta2);
        peer.send(ScriptedPeer.echoRq("MIPGW", "MODALITY"));
        AAssociateAc ac = (AAssociateAc) peer.received().get(0);
        assertThat(ac.presentationContexts()).singleElement().satisfies(pc -> assertThat(pc.isAccepted()).isTrue());
        assertThat(ac.userInformation().maximumLength()).hasValue(ScriptedPeer.MAX_PDU);
        assertThat(ac.userInformation().implementationClassUid()).hasValue(Implementation.CLASS_UID);
        peer.send(AReleaseRq.INSTANCE);
        assertThat(peer.received()).containsExactly(AReleaseRp.INSTANCE);
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
        assertThat(peer.listener.termination.kind()).isEqualTo(Termination.Kind.RELEASED);
        peer.channel.close();
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta1);
        assertThat(peer.limiter.active()).isZero();
    }

    @Test
    void pDataBeforeAssociation_isAbortedAsUnexpectedPdu() {
        ScriptedPeer peer = new ScriptedPeer();
        peer.send(echoCommandFragment(true));
        assertThat(peer.received()).containsExactly(new AAbort(2, 2));
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
    }

    @Test
    void reservedPduType_isAbortedAsUnrecognizedPdu() {
        ScriptedPeer peer = established();
        peer.send(HexFormat.of().parseHex("0800000000020000"));
        assertThat(peer.received()).containsExactly(new AAbort(2, 1));
        assertThat(peer.listener.termination.kind()).isEqualTo(Termination.Kind.ABORTED_LOCALLY);
    }

    @Test
    void secondAssociateRq_inSta6_isAbortedAsUnexpectedPdu() {
        ScriptedPeer peer = established();
        peer.send(ScriptedPeer.echoRq("MIPGW", "MODALITY"));
        assertThat(peer.received()).containsExactly(new AAbort(2, 2));
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
    }

    @Test
    void pduLongerThanOurMaximum_isAborted() {
        ScriptedPeer peer = established();
        byte[] header = HexFormat.of().parseHex("04000000" + String.format("%04x", ScriptedPeer.MAX_PDU + 1));
        peer.send(header);
        assertThat(peer.received()).singleElement().isInstanceOfSatisfying(AAbort.class,
                a -> assertThat(a.source()).isEqualTo(AAbort.Source.SERVICE_PROVIDER));
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
    }

    @Test
    void abortInTheMiddleOfADimseMessage_endsTheAssociation() {
        ScriptedPeer peer = established();
        peer.send(echoCommandFragment(false));
        peer.send(AAbort.serviceUser());
        assertThat(peer.received()).isEmpty();
        assertThat(peer.listener.events).containsExactly("established", "p-data 1", "closed ABORTED_BY_PEER");
        assertThat(peer.channel.isOpen()).isFalse();
        assertThat(peer.limiter.active()).isZero();
    }

    @Test
    void wrongProtocolVersion_isRejectedPermanentlyByTheAcseProvider() {
        ScriptedPeer peer = new ScriptedPeer();
        AAssociateRq rq = ScriptedPeer.echoRq("MIPGW", "MODALITY");
        peer.send(new AAssociateRq(2, rq.calledAeTitle(), rq.callingAeTitle(), ApplicationContext.DICOM,
                rq.presentationContexts(), rq.userInformation()));
        assertThat(peer.received()).containsExactly(new AAssociateRj(1, 2, 2));
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
    }

    @Test
    void wrongCalledAe_isRejectedWithReason7() {
        ScriptedPeer peer = new ScriptedPeer();
        peer.send(ScriptedPeer.echoRq("SOMEONE", "MODALITY"));
        assertThat(peer.received()).containsExactly(new AAssociateRj(1, 1, 7));
    }

    @Test
    void callingAeNotInTheAllowList_isRejectedWithReason3() {
        ScriptedPeer peer = new ScriptedPeer(aet -> aet.equals("CT1"), 10);
        peer.send(ScriptedPeer.echoRq("MIPGW", "MODALITY"));
        assertThat(peer.received()).containsExactly(new AAssociateRj(1, 1, 3));
    }

    @Test
    void blankCalledAe_isAbortedAsInvalidParameter() {
        ScriptedPeer peer = new ScriptedPeer();
        byte[] rq = io.netty.buffer.ByteBufUtil.getBytes(org.mip.gateway.net.codec.PduEncoder.encode(
                ScriptedPeer.echoRq("X", "MODALITY"), io.netty.buffer.ByteBufAllocator.DEFAULT));
        rq[10] = ' '; // called AE title bytes 11-26: now sixteen spaces
        peer.send(rq);
        assertThat(peer.received()).containsExactly(new AAbort(2, 6));
    }

    @Test
    void tooManyAssociations_isRejectedTransientLocalLimitExceeded() {
        ScriptedPeer peer = new ScriptedPeer(aet -> true, 1);
        assertThat(peer.limiter.tryAcquire()).as("another association holds the only slot").isTrue();
        peer.send(ScriptedPeer.echoRq("MIPGW", "MODALITY"));
        assertThat(peer.received()).containsExactly(new AAssociateRj(2, 3, 2));
        assertThat(peer.limiter.active()).isEqualTo(1);
    }

    @Test
    void artimExpiry_closesAConnectionThatSendsNothing() {
        ScriptedPeer peer = new ScriptedPeer();
        assertThat(peer.channel.isOpen()).isTrue();
        peer.channel.advanceTimeBy(11, TimeUnit.SECONDS);
        peer.channel.runScheduledPendingTasks();
        assertThat(peer.channel.isOpen()).isFalse();
        assertThat(peer.upperLayer.terminated()).isCompleted();
    }

    @Test
    void releaseCollision_acceptorSide_goesSta7Sta10Sta12Sta13() {
        ScriptedPeer peer = established();
        CompletableFuture<Void> released = peer.listener.association.release();
        peer.channel.runPendingTasks();
        assertThat(peer.received()).containsExactly(AReleaseRq.INSTANCE);
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta7);
        peer.send(AReleaseRq.INSTANCE); // collision
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta10);
        assertThat(peer.received()).isEmpty();
        peer.send(AReleaseRp.INSTANCE);
        assertThat(peer.received()).containsExactly(AReleaseRp.INSTANCE);
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
        assertThat(released).isCompleted();
        assertThat(peer.listener.termination.kind()).isEqualTo(Termination.Kind.RELEASED);
    }

    @Test
    void pDataAfterRelease_isIgnoredInSta13() {
        ScriptedPeer peer = established();
        peer.send(AReleaseRq.INSTANCE);
        peer.received();
        peer.send(echoCommandFragment(true));
        assertThat(peer.received()).isEmpty();
        assertThat(peer.upperLayer.state()).isEqualTo(State.Sta13);
    }

    @Test
    void stateTable_matchesPs38ForSampleCells() {
        assertThat(State.Sta2.on(Event.Evt6)).isEqualTo(Action.AE_6);
        assertThat(State.Sta6.on(Event.Evt10)).isEqualTo(Action.DT_2);
        assertThat(State.Sta7.on(Event.Evt12)).isEqualTo(Action.AR_8);
        assertThat(State.Sta10.on(Event.Evt13)).isEqualTo(Action.AR_10);
        assertThat(State.Sta11.on(Event.Evt13)).isEqualTo(Action.AR_3);
        assertThat(State.Sta13.on(Event.Evt6)).isEqualTo(Action.AA_7);
        assertThat(State.Sta13.on(Event.Evt10)).isEqualTo(Action.AA_6);
        assertThat(State.Sta2.on(Event.Evt18)).isEqualTo(Action.AA_2);
        assertThat(State.Sta1.on(Event.Evt10)).isNull();
        for (State s : List.of(State.Sta3, State.Sta5, State.Sta6, State.Sta7, State.Sta8, State.Sta9, State.Sta10,
                State.Sta11, State.Sta12)) {
            assertThat(s.on(Event.Evt19)).as(s.name()).isEqualTo(Action.AA_8);
        }
    }
}
