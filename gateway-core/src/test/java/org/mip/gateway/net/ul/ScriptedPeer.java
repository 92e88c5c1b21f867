package org.mip.gateway.net.ul;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.codec.PduCodec;
import org.mip.gateway.net.codec.PduDecoder;
import org.mip.gateway.net.codec.PduEncoder;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

/**
 * An acceptor's pipeline (decoder, encoder, upper layer) in an EmbeddedChannel, driven by a scripted
 * peer that writes raw PDU bytes and decodes what the acceptor sends back.
 */
final class ScriptedPeer {
    static final int MAX_PDU = 16384;

    final EmbeddedChannel channel;
    final UpperLayerHandler upperLayer;
    final RecordingListener listener = new RecordingListener();
    final AssociationLimiter limiter;
    private final EmbeddedChannel peerDecoder = new EmbeddedChannel(new PduDecoder(1 << 20));

    ScriptedPeer(Predicate<String> callingAllowed, int maxAssociations) {
        limiter = new AssociationLimiter(maxAssociations);
        AssociationAcceptor acceptor = new AssociationAcceptor("MIPGW", callingAllowed,
                PresentationPolicy.of(java.util.Map.of(UID.Verification,
                        List.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian))), MAX_PDU, 1);
        upperLayer = UpperLayerHandler.acceptor(acceptor, a -> listener, limiter, Duration.ofSeconds(10),
                AssociationAudit.NONE);
        channel = new EmbeddedChannel();
        PduCodec.install(channel.pipeline(), MAX_PDU);
        channel.pipeline().addLast(upperLayer);
    }

    ScriptedPeer() {
        this(aet -> true, 10);
    }

    static AAssociateRq echoRq(String called, String calling) {
        return new AAssociateRq(called, calling, List.of(new PresentationContextRq(1, UID.Verification,
                UID.ImplicitVRLittleEndian)), UserInformation.of(new UserItem.MaximumLength(16384)));
    }

    void send(Pdu pdu) {
        send(PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT));
        if (pdu instanceof PDataTf p) {
            p.release();
        }
    }

    void send(byte[] raw) {
        send(Unpooled.wrappedBuffer(raw));
    }

    void send(ByteBuf raw) {
        channel.writeInbound(raw);
        channel.runPendingTasks();
    }

    /** Every PDU the acceptor has sent since the last call. */
    List<Object> received() {
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
}
