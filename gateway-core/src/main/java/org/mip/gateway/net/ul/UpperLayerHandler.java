package org.mip.gateway.net.ul;

import static org.mip.gateway.net.ul.State.*;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.net.codec.MalformedPdu;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRj;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRp;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.UnknownPdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DICOM upper layer protocol machine of one transport connection (PS3.8 9.2), after the
 * {@link org.mip.gateway.net.codec.PduDecoder} in the pipeline. Every input is an event of Table 9-10 and
 * runs the action {@link State#on(Event)} names; all of it on the channel's event loop.
 *
 * <p>One class serves both ends: an acceptor (constructed by {@link #acceptor}) starts in Sta1 and
 * takes the connection as Evt5; a requestor ({@link #requestor}) starts in Sta4, the connect having been
 * issued (AE-1), and takes channel activation as Evt2.
 *
 * <p>Timers, all on the event loop scheduler: ARTIM (PS3.8 9.1.5) while awaiting the A-ASSOCIATE-RQ
 * (Sta2) and the transport close (Sta13); as local policy the same duration bounds the wait for the
 * A-ASSOCIATE-AC/RJ (Sta5) and for the A-RELEASE-RP (Sta7, Sta10, Sta11), whose expiry is then a local
 * A-ABORT request (Evt15). An {@link IdleStateEvent} (from an {@code IdleStateHandler} in front) in Sta6
 * aborts an association on which nothing moved, unless reading is paused for back-pressure.
 *
 * <p>Protocol errors: a PDU that the table does not allow in the current state, or one that could not
 * be decoded (Evt19), is answered by A-ABORT with source service-provider and reason unexpected-PDU (2),
 * unrecognized-PDU (1, reserved PDU types) or the decoder's reason, and logged once with the reason.
 * In Sta2 the table's AA-1 is a service-user abort, but the error was found by the provider, so the
 * provider is named as the source there too (as in the other states' AA-8).
 */
public final class UpperLayerHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(UpperLayerHandler.class);

    private final boolean requestor;
    private final Duration artimTimeout;
    private final AssociationAudit audit;
    // acceptor
    private final AssociationAcceptor acceptor;
    private final AssociationListener.Factory listenerFactory;
    private final AssociationLimiter limiter;
    // requestor
    private final AAssociateRq request;
    private final CompletableFuture<Association> established = new CompletableFuture<>();

    private ChannelHandlerContext ctx;
    private volatile State state;
    private boolean started;
    private ScheduledFuture<?> artim;
    private AAssociateRq receivedRq;
    private Association association;
    private AssociationListener listener;
    private boolean limitAcquired;
    /** What the last {@link #setReading} call asked for (written by any thread, applied on the event loop). */
    private volatile boolean readingWanted = true;
    private CompletableFuture<Void> releaseFuture;
    private Termination termination;
    private final CompletableFuture<Termination> terminated = new CompletableFuture<>();

    private UpperLayerHandler(boolean requestor, Duration artimTimeout, AssociationAudit audit,
            AssociationAcceptor acceptor, AssociationListener.Factory listenerFactory, AssociationLimiter limiter,
            AAssociateRq request, AssociationListener listener) {
        this.requestor = requestor;
        this.artimTimeout = Objects.requireNonNull(artimTimeout);
        this.audit = Objects.requireNonNull(audit);
        this.acceptor = acceptor;
        this.listenerFactory = listenerFactory;
        this.limiter = limiter;
        this.request = request;
        this.listener = listener;
        this.state = requestor ? Sta4 : Sta1;
    }

    /** The acceptor end of a connection accepted by a listener. */
    public static UpperLayerHandler acceptor(AssociationAcceptor acceptor, AssociationListener.Factory listeners,
            AssociationLimiter limiter, Duration artimTimeout, AssociationAudit audit) {
        return new UpperLayerHandler(false, artimTimeout, audit, Objects.requireNonNull(acceptor),
                Objects.requireNonNull(listeners), Objects.requireNonNull(limiter), null, null);
    }

    /**
     * The requestor end: sends {@code rq} once the connection is up; {@link #established()} completes
     * with the association or fails with {@link AssociationRejectedException} /
     * {@link AssociationAbortedException}.
     */
    public static UpperLayerHandler requestor(AAssociateRq rq, AssociationListener listener, Duration responseTimeout,
            AssociationAudit audit) {
        return new UpperLayerHandler(true, responseTimeout, audit, null, null, null, Objects.requireNonNull(rq),
                Objects.requireNonNull(listener));
    }

    /** Requestor: completes when the association is established, rejected or lost. */
    public CompletableFuture<Association> established() {
        return established;
    }

    /** Completes once with how the association (or connection) ended. */
    public CompletableFuture<Termination> terminated() {
        return terminated;
    }

    public State state() {
        return state;
    }

    // ---------------------------------------------------------------- transport events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        if (requestor) {
            // Evt2 in Sta4: AE-2, send A-ASSOCIATE-RQ.
            transition(Event.Evt2, Action.AE_2);
            ctx.writeAndFlush(request);
            startArtim();
        } else {
            // Evt5 in Sta1: AE-5, accept the connection and start ARTIM.
            transition(Event.Evt5, Action.AE_5);
            startArtim();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopArtim();
        if (association != null) {
            association.writabilityChanged();
        }
        Action action = state.on(Event.Evt17);
        if (action != null) {
            transition(Event.Evt17, action);
            switch (action) {
                case AA_5 -> finish(Termination.Kind.CONNECTION_LOST, "connection closed before an A-ASSOCIATE-RQ");
                case AA_4 -> finish(Termination.Kind.CONNECTION_LOST, "connection closed by the peer in "
                        + action + " without A-RELEASE or A-ABORT");
                default -> finish(Termination.Kind.CONNECTION_LOST, "connection closed");
            }
        } else {
            finish(Termination.Kind.CONNECTION_LOST, "connection closed");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopArtim();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Connection {}: {}", remote(), cause.toString());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (state == Sta6 && readingWanted) { // a paused association is idle on purpose
                localAbort("idle timeout: nothing received or sent for too long");
            }
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
            log.info("TLS handshake with {} failed: {}", remote(), hs.cause().getMessage());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (association != null) {
            association.writabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    // ---------------------------------------------------------------- received PDUs

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MalformedPdu m) {
            invalidPdu(m.abortReason(), m.toString());
        } else if (msg instanceof UnknownPdu u) {
            invalidPdu(AAbort.Reason.UNRECOGNIZED_PDU, "unrecognized " + Pdu.typeName(u.pduType())
                    + " of length " + u.length());
        } else if (msg instanceof Pdu pdu) {
            received(pdu);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void received(Pdu pdu) {
        Event event = Event.received(pdu.pduType());
        Action action = state.on(event);
        if (action == null) {
            // Only Sta1/Sta4 have blank cells for received PDUs: no connection, cannot happen.
            ReferenceCountUtil.release(pdu);
            return;
        }
        State before = state;
        transition(event, action);
        switch (action) {
            case AE_3 -> associationAccepted((AAssociateAc) pdu);
            case AE_4 -> associationRejected((AAssociateRj) pdu);
            case AE_6 -> associateRequest((AAssociateRq) pdu);
            case DT_2, AR_6 -> listener.onPData(association, (PDataTf) pdu);
            case AR_2 -> releaseIndication();
            case AR_3 -> releaseConfirmed();
            case AR_8 -> releaseCollision();
            case AR_10 -> {
                // Collision, acceptor side: the RP for our RQ came; now answer the peer's RQ (Evt14, AR-4).
                stopArtim();
                transition(Event.Evt14, Action.AR_4);
                ctx.writeAndFlush(AReleaseRp.INSTANCE);
                startArtim();
                finish(Termination.Kind.RELEASED, "released (release collision)");
            }
            case AA_1, AA_7, AA_8 -> {
                ReferenceCountUtil.release(pdu);
                providerAbort(action, AAbort.Reason.UNEXPECTED_PDU,
                        "unexpected " + Pdu.typeName(pdu.pduType()) + " in " + before);
            }
            case AA_2 -> {
                stopArtim();
                if (before == Sta2) {
                    finish(Termination.Kind.ABORTED_BY_PEER, "A-ABORT before A-ASSOCIATE-RQ");
                }
                ctx.close();
            }
            case AA_3 -> {
                AAbort abort = (AAbort) pdu;
                stopArtim();
                finish(Termination.Kind.ABORTED_BY_PEER, "A-ABORT from the peer, source " + abort.source()
                        + ", reason " + abort.reason());
                ctx.close();
            }
            case AA_6 -> ReferenceCountUtil.release(pdu);
            default -> {
                ReferenceCountUtil.release(pdu);
                throw new AssertionError(action + " for " + event);
            }
        }
    }

    /** Evt19: a PDU that could not be decoded, or of a reserved type. */
    private void invalidPdu(AAbort.Reason reason, String why) {
        State before = state;
        Action action = state.on(Event.Evt19);
        if (action == null) {
            return;
        }
        transition(Event.Evt19, action);
        providerAbort(action, reason, why + " in " + before);
    }

    /** AA-1 (from Sta2), AA-7, AA-8: A-ABORT with source service-provider. */
    private void providerAbort(Action action, AAbort.Reason reason, String why) {
        ctx.writeAndFlush(AAbort.serviceProvider(reason));
        startArtim();
        if (action != Action.AA_7) {
            finish(Termination.Kind.ABORTED_LOCALLY, "A-ABORT (service-provider, " + reason + ") sent: " + why);
        } else {
            log.debug("Connection {}: A-ABORT sent again: {}", remote(), why);
        }
    }

    // ---------------------------------------------------------------- establishment

    /** AE-6: stop ARTIM; the provider's check (protocol version), then the local user's decision. */
    private void associateRequest(AAssociateRq rq) {
        stopArtim();
        receivedRq = rq;
        AAssociateRj versionRj = AssociationAcceptor.checkProtocolVersion(rq);
        if (versionRj != null) {
            state = Sta13;
            reject(versionRj, "protocol version " + rq.protocolVersion() + " not supported");
            return;
        }
        // Sta3: the local user (this acceptor's policy) answers at once.
        AssociationAcceptor.Negotiation answer = acceptor.negotiate(rq);
        if (answer instanceof AssociationAcceptor.Reject r) {
            transition(Event.Evt8, Action.AE_8);
            reject(r.rj(), r.why());
            return;
        }
        if (!limiter.tryAcquire()) {
            transition(Event.Evt8, Action.AE_8);
            reject(AssociationAcceptor.localLimitExceeded(), "more than " + limiter.max() + " concurrent associations");
            return;
        }
        limitAcquired = true;
        AssociationAcceptor.Accept accept = (AssociationAcceptor.Accept) answer;
        transition(Event.Evt7, Action.AE_7);
        association = new Association(ctx.channel(), this, false, rq, accept.ac());
        // The listener exists (and the server counts the association) before the peer can see the AC,
        // so that a graceful stop never misses an association its peer already believes established.
        RuntimeException listenerFailure = null;
        try {
            listener = listenerFactory.newListener(association);
        } catch (RuntimeException e) {
            listenerFailure = e;
        }
        ctx.writeAndFlush(accept.ac());
        log.info("Association accepted: {} from {} to {}, {} of {} presentation contexts, max PDU {} (peer {}), peer {}{}",
                rq.callingAeTitle(), remote(), rq.calledAeTitle(), accept.accepted().size(),
                rq.presentationContexts().size(), association.localMaxPduLength(), association.peerMaxPduLength(),
                association.peerImplementation(), association.userIdentity().map(u -> ", user identity type "
                        + u.type()).orElse(""));
        audit.record(AuditEvent.Outcome.SUCCESS, rq.callingAeTitle(), remote(),
                "accepted to " + rq.calledAeTitle() + accept.accepted().stream()
                        .map(pc -> pc.abstractSyntax()).distinct().toList());
        try {
            if (listenerFailure != null) {
                throw listenerFailure;
            }
            listener.onEstablished(association);
        } catch (RuntimeException e) {
            log.warn("Association {}: listener failed: {}", association, e.toString(), e);
            localAbort("listener failed: " + e);
        }
    }

    /** AE-6 (provider refusal) or AE-8: send A-ASSOCIATE-RJ, start ARTIM, await the close in Sta13. */
    private void reject(AAssociateRj rj, String why) {
        ctx.writeAndFlush(rj);
        startArtim();
        String calling = receivedRq == null ? "?" : receivedRq.callingAeTitle();
        String called = receivedRq == null ? "?" : receivedRq.calledAeTitle();
        log.info("Association rejected: {} from {} to {}: {} ({})", calling, remote(), called, why,
                AssociationRejectedException.describe(rj));
        audit.record(AuditEvent.Outcome.REJECTED, calling, remote(), "rejected, called " + called + ": " + why);
        termination = new Termination(Termination.Kind.REJECTED, why);
        terminated.complete(termination);
    }

    /** AE-3 (requestor). */
    private void associationAccepted(AAssociateAc ac) {
        stopArtim();
        association = new Association(ctx.channel(), this, true, request, ac);
        log.info("Association established: {} to {} at {}, {} of {} presentation contexts accepted, peer {}",
                request.callingAeTitle(), request.calledAeTitle(), remote(), association.presentationContexts().size(),
                request.presentationContexts().size(), association.peerImplementation());
        audit.record(AuditEvent.Outcome.SUCCESS, request.callingAeTitle(), remote(),
                "established with " + request.calledAeTitle());
        listener.onEstablished(association);
        established.complete(association);
    }

    /** AE-4 (requestor). */
    private void associationRejected(AAssociateRj rj) {
        stopArtim();
        log.info("Association rejected by {} at {}: {}", request.calledAeTitle(), remote(),
                AssociationRejectedException.describe(rj));
        audit.record(AuditEvent.Outcome.REJECTED, request.callingAeTitle(), remote(),
                "rejected by " + request.calledAeTitle() + ": " + AssociationRejectedException.describe(rj));
        termination = new Termination(Termination.Kind.REJECTED, AssociationRejectedException.describe(rj));
        established.completeExceptionally(new AssociationRejectedException(rj));
        terminated.complete(termination);
        ctx.close();
    }

    // ---------------------------------------------------------------- release

    /** AR-2: A-RELEASE indication; the RP goes out when the listener is done (Evt14, AR-4). */
    private void releaseIndication() {
        CompletionStage<Void> ready;
        try {
            ready = listener.onReleaseRequested(association);
        } catch (RuntimeException e) {
            ready = CompletableFuture.completedFuture(null);
        }
        ready.whenComplete((v, e) -> run(() -> {
            if (state == Sta8) {
                transition(Event.Evt14, Action.AR_4);
                ctx.writeAndFlush(AReleaseRp.INSTANCE);
                startArtim();
                finish(Termination.Kind.RELEASED, "released by " + association.remoteAeTitle());
            }
        }));
    }

    /** AR-3: release confirmation; the requestor closes the transport. */
    private void releaseConfirmed() {
        stopArtim();
        finish(Termination.Kind.RELEASED, "released");
        ctx.close();
    }

    /** AR-8: both ends sent A-RELEASE-RQ (PS3.8 9.2 "release collision"). */
    private void releaseCollision() {
        log.debug("Association {}: release collision", association);
        if (association.isRequestor()) {
            state = Sta9;
            // Our user already wants the release: respond at once (Evt14, AR-9) and await the RP (Sta11).
            transition(Event.Evt14, Action.AR_9);
            ctx.writeAndFlush(AReleaseRp.INSTANCE);
        } else {
            state = Sta10;
        }
    }

    /** Evt11 from the local user. */
    CompletableFuture<Void> requestRelease() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        run(() -> {
            if (releaseFuture != null) {
                releaseFuture.whenComplete((v, e) -> complete(result, e));
            } else if (termination != null) {
                complete(result, termination.released() ? null : new AssociationAbortedException(termination));
            } else if (state != Sta6) {
                result.completeExceptionally(new IllegalStateException("cannot release in " + state));
            } else {
                releaseFuture = result;
                transition(Event.Evt11, Action.AR_1);
                ctx.writeAndFlush(AReleaseRq.INSTANCE);
                startArtim();
            }
        });
        return result;
    }

    private static void complete(CompletableFuture<Void> f, Throwable failure) {
        if (failure == null) {
            f.complete(null);
        } else {
            f.completeExceptionally(failure);
        }
    }

    // ---------------------------------------------------------------- abort, timers, flow control

    /** Evt15 from the local user (or a local timeout). */
    void requestAbort(String why) {
        run(() -> localAbort(why));
    }

    private void localAbort(String why) {
        Action action = state.on(Event.Evt15);
        if (action == null) {
            if (state == Sta2) {
                // No association yet; nothing to abort but the connection.
                finish(Termination.Kind.ABORTED_LOCALLY, why);
                ctx.close();
            }
            return;
        }
        transition(Event.Evt15, action);
        if (action == Action.AA_2) {
            stopArtim();
            finish(Termination.Kind.ABORTED_LOCALLY, why);
            ctx.close();
        } else {
            ctx.writeAndFlush(AAbort.serviceUser());
            startArtim();
            finish(Termination.Kind.ABORTED_LOCALLY, "A-ABORT sent: " + why);
        }
    }

    /**
     * Turns reading from the peer on or off. Callers on other threads have their change scheduled on the
     * event loop, while a caller on the event loop applies it at once; so a "resume" scheduled by a worker
     * could run after a later "pause" made on the event loop and leave reading on while it should be off
     * (a client then pushed a whole 64 MB data set past the back-pressure). Each task therefore applies the
     * latest request, not the one it was scheduled for: the last call always wins.
     */
    void setReading(boolean on) {
        readingWanted = on;
        run(() -> {
            boolean want = readingWanted;
            ctx.channel().config().setAutoRead(want);
            if (want) {
                ctx.read();
            }
        });
    }

    private void startArtim() {
        stopArtim();
        State armedIn = state;
        artim = ctx.executor().schedule(() -> artimExpired(armedIn), artimTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopArtim() {
        if (artim != null) {
            artim.cancel(false);
            artim = null;
        }
    }

    /** Evt18, or the expiry of a local response timer in Sta5, Sta7, Sta10, Sta11. */
    private void artimExpired(State armedIn) {
        artim = null;
        if (state != armedIn) {
            return;
        }
        Action action = state.on(Event.Evt18);
        if (action != null) {
            transition(Event.Evt18, action);
            if (armedIn == Sta2) {
                finish(Termination.Kind.ABORTED_LOCALLY,
                        "no A-ASSOCIATE-RQ within " + artimTimeout.toMillis() + " ms (ARTIM)");
            }
            ctx.close();
        } else {
            localAbort("no " + (armedIn == Sta5 ? "A-ASSOCIATE-AC/RJ" : "A-RELEASE-RP") + " within "
                    + artimTimeout.toMillis() + " ms");
        }
    }

    // ---------------------------------------------------------------- outbound P-DATA (Evt9)

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof PDataTf) {
            if (!state.canSendData()) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IllegalStateException("P-DATA not allowed in " + state));
                return;
            }
            // DT-1 (Sta6) or AR-7 (Sta8): the state does not change.
        }
        super.write(ctx, msg, promise);
    }

    // ---------------------------------------------------------------- bookkeeping

    private void transition(Event event, Action action) {
        State next = action == Action.AR_8 ? state : action.next();
        if (log.isTraceEnabled()) {
            log.trace("{}: {} + {} -> {} -> {}", remote(), state, event, action.label(), next);
        }
        state = next;
    }

    /** Ends the association once: log, audit, tell the listener, settle the futures, free the slot. */
    private void finish(Termination.Kind kind, String reason) {
        if (termination != null) {
            return;
        }
        termination = new Termination(kind, reason);
        if (association != null) {
            String who = association.isRequestor()
                    ? association.callingAeTitle() + " to " + association.calledAeTitle() + " at " + remote()
                    : association.callingAeTitle() + " from " + remote() + " to " + association.calledAeTitle();
            if (kind == Termination.Kind.RELEASED) {
                log.info("Association released: {}", who);
            } else {
                log.info("Association aborted: {}: {}", who, reason);
            }
            audit.record(kind == Termination.Kind.RELEASED ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                    association.callingAeTitle(), remote(), kind + ": " + reason);
            if (listener != null) {
                try {
                    listener.onClosed(association, termination);
                } catch (RuntimeException e) {
                    log.warn("Association {}: listener failed on close: {}", association, e.toString());
                }
            }
        } else if (kind != Termination.Kind.CONNECTION_LOST || receivedRq != null || requestor) {
            log.info("Connection {}{}: {}", requestor ? "to " : "from ", remote(), reason);
        } else {
            log.debug("Connection from {}: {}", remote(), reason);
        }
        if (limitAcquired) {
            limitAcquired = false;
            limiter.release();
        }
        if (releaseFuture != null) {
            complete(releaseFuture, kind == Termination.Kind.RELEASED ? null : new AssociationAbortedException(termination));
        }
        established.completeExceptionally(new AssociationAbortedException(termination));
        terminated.complete(termination);
    }

    private void run(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private String remote() {
        SocketAddress a = ctx == null ? null : ctx.channel().remoteAddress();
        return a == null ? "?" : a.toString();
    }
}
