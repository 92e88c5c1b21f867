package org.mip.gateway.net.ul;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InterruptedIOException;
import io.netty.channel.ChannelFuture;
import java.util.concurrent.CompletableFuture;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.PresentationContextAc;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserItem;

/**
 * An established association, seen from either end: what was negotiated (the A-ASSOCIATE-RQ and -AC
 * themselves, the accepted presentation contexts, both maximum PDU lengths) and the local user's
 * primitives (P-DATA, A-RELEASE, A-ABORT) and flow control. Thread-safe: primitives may be invoked from
 * any thread; they run on the channel's event loop, in order.
 */
public final class Association {
    private final Channel channel;
    private final UpperLayerHandler upperLayer;
    private final boolean requestor;
    private final AAssociateRq rq;
    private final AAssociateAc ac;
    private final Map<Integer, PresentationContext> contexts;
    private final Map<Object, Object> properties = new ConcurrentHashMap<>();
    private final Object writability = new Object();

    Association(Channel channel, UpperLayerHandler upperLayer, boolean requestor, AAssociateRq rq, AAssociateAc ac) {
        this.channel = channel;
        this.upperLayer = upperLayer;
        this.requestor = requestor;
        this.rq = rq;
        this.ac = ac;
        Map<Integer, String> abstractSyntaxes = new LinkedHashMap<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            abstractSyntaxes.putIfAbsent(pc.id(), pc.abstractSyntax());
        }
        Map<Integer, PresentationContext> accepted = new LinkedHashMap<>();
        for (PresentationContextAc pc : ac.presentationContexts()) {
            String as = abstractSyntaxes.get(pc.id());
            if (pc.isAccepted() && as != null && !accepted.containsKey(pc.id())) {
                accepted.put(pc.id(), new PresentationContext(pc.id(), as, pc.transferSyntax()));
            }
        }
        this.contexts = Collections.unmodifiableMap(accepted);
    }

    /** True at the end that sent the A-ASSOCIATE-RQ. */
    public boolean isRequestor() {
        return requestor;
    }

    public AAssociateRq request() {
        return rq;
    }

    public AAssociateAc accept() {
        return ac;
    }

    public String callingAeTitle() {
        return rq.callingAeTitle();
    }

    public String calledAeTitle() {
        return rq.calledAeTitle();
    }

    /** The peer's AE title: the calling AE at the acceptor, the called AE at the requestor. */
    public String remoteAeTitle() {
        return requestor ? rq.calledAeTitle() : rq.callingAeTitle();
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The accepted presentation contexts by ID. */
    public Map<Integer, PresentationContext> presentationContexts() {
        return contexts;
    }

    public Optional<PresentationContext> presentationContext(int id) {
        return Optional.ofNullable(contexts.get(id));
    }

    /** The first accepted context for {@code abstractSyntax}, preferring {@code transferSyntax} if given. */
    public Optional<PresentationContext> presentationContextFor(String abstractSyntax, String transferSyntax) {
        PresentationContext any = null;
        for (PresentationContext pc : contexts.values()) {
            if (pc.abstractSyntax().equals(abstractSyntax)) {
                if (transferSyntax == null || pc.transferSyntax().equals(transferSyntax)) {
                    return Optional.of(pc);
                }
                if (any == null) {
                    any = pc;
                }
            }
        }
        return Optional.ofNullable(any);
    }

    /**
     * The Maximum Length the peer announced (PS3.8 D.1): our P-DATA-TF PDUs must not exceed it; 0 means
     * no limit.
     */
    public long peerMaxPduLength() {
        return (requestor ? ac.userInformation() : rq.userInformation()).maximumLength().orElse(0);
    }

    /** The Maximum Length we announced: the decoder's limit for incoming P-DATA-TF PDUs. */
    public long localMaxPduLength() {
        return (requestor ? rq.userInformation() : ac.userInformation()).maximumLength().orElse(0);
    }

    /** The peer's Implementation Class UID and Version Name, for logs. */
    public String peerImplementation() {
        var ui = requestor ? ac.userInformation() : rq.userInformation();
        return ui.implementationClassUid().orElse("?") + ui.implementationVersionName().map(v -> " " + v).orElse("");
    }

    /** SOP Class Extended Negotiation sub-items of the request (56H), for the services to read. */
    public List<UserItem.SopClassExtendedNegotiation> extendedNegotiation() {
        return rq.userInformation().itemsOf(UserItem.SopClassExtendedNegotiation.class);
    }

    /** SCP/SCU Role Selection sub-items as answered in the A-ASSOCIATE-AC (54H). */
    public List<UserItem.RoleSelection> roleSelections() {
        return ac.userInformation().itemsOf(UserItem.RoleSelection.class);
    }

    /**
     * The user identity of the request (58H), if any. Recorded, not verified; its {@code toString}
     * shows neither the user name nor the passcode.
     */
    public Optional<UserItem.UserIdentityRq> userIdentity() {
        return rq.userInformation().userIdentityRq();
    }

    /**
     * Maximum operations the peer may have outstanding on us (PS3.7 D.3.3.3): from the accept's
     * Asynchronous Operations Window; 1 when it was not negotiated.
     */
    public int maxOpsPerformedByAcceptor() {
        return ac.userInformation().asyncOperationsWindow().map(UserItem.AsyncOperationsWindow::maxOperationsPerformed)
                .orElse(1);
    }

    /** Per-association data for the layers above (e.g. the DIMSE reader). */
    public Map<Object, Object> properties() {
        return properties;
    }

    /**
     * P-DATA request (Evt9): writes and flushes one P-DATA-TF PDU (taking ownership of it). Fails
     * (and releases the PDU) when the state does not allow sending data.
     */
    public ChannelFuture send(PDataTf pdu) {
        return channel.writeAndFlush(pdu);
    }

    /**
     * Sends one PDV as its own P-DATA-TF, for the DIMSE layer on a worker thread: waits while the
     * channel is not writable (back-pressure towards the producer), then writes and flushes. Takes
     * ownership of {@code fragment}.
     *
     * @throws IOException once the association can no longer send data (released, aborted, closed)
     */
    public void sendFragment(int presentationContextId, boolean command, boolean last, ByteBuf fragment)
            throws IOException {
        try {
            awaitWritable();
        } catch (IOException e) {
            fragment.release();
            throw e;
        }
        if (!upperLayer.state().canSendData()) {
            fragment.release();
            throw new IOException("association " + this + " cannot send data in " + upperLayer.state());
        }
        channel.writeAndFlush(PDataTf.of(presentationContextId, command, last, fragment));
    }

    /** Blocks until the channel is writable; an {@link IOException} when it closed meanwhile. */
    public void awaitWritable() throws IOException {
        if (channel.eventLoop().inEventLoop()) {
            // Only the event loop drains the outbound buffer: waiting here would never end. A caller on
            // the event loop writes small responses (non-blocking services); they are queued.
            return;
        }
        synchronized (writability) {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    throw new IOException("association " + this + " closed");
                }
                try {
                    writability.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to send");
                }
            }
        }
    }

    void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    /** False while the outbound buffer is above its high-water mark: stop producing PDUs until it drains. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /**
     * A-RELEASE request (Evt11). The future completes when the A-RELEASE-RP arrives (or fails if the
     * association is aborted first). Normally the requestor releases.
     */
    public CompletableFuture<Void> release() {
        return upperLayer.requestRelease();
    }

    /** A-ABORT request (Evt15): sends A-ABORT (service-user source) and drops the association. */
    public void abort() {
        upperLayer.requestAbort("aborted by the local user");
    }

    /** A-ABORT request with the reason to log, e.g. a DIMSE protocol error. */
    public void abort(String reason) {
        upperLayer.requestAbort(reason);
    }

    /** Stops reading from the peer (back-pressure) until {@link #resumeReading()}. */
    public void pauseReading() {
        upperLayer.setReading(false);
    }

    public void resumeReading() {
        upperLayer.setReading(true);
    }

    /** Completes when the transport connection is closed. */
    public ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    /** The current state of the upper layer protocol machine. */
    public State state() {
        return upperLayer.state();
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return rq.callingAeTitle() + "->" + rq.calledAeTitle() + "@" + channel.remoteAddress();
    }
}
