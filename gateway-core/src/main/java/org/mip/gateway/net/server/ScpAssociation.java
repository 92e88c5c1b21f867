package org.mip.gateway.net.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.CCancelRq;
import org.mip.gateway.net.dimse.CommandCodec;
import org.mip.gateway.net.dimse.DataSetCodec;
import org.mip.gateway.net.dimse.DataSetSink;
import org.mip.gateway.net.dimse.DataSetStream;
import org.mip.gateway.net.dimse.DimseException;
import org.mip.gateway.net.dimse.DimseMessage;
import org.mip.gateway.net.dimse.DimseReader;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.DimseWriter;
import org.mip.gateway.net.dimse.FlowControl;
import org.mip.gateway.net.dimse.OutstandingRequests;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.service.ActiveRequests;
import org.mip.gateway.net.service.AssociationInfo;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseDispatcher;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.PeerRequests;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.ul.Association;
import org.mip.gateway.net.ul.AssociationListener;
import org.mip.gateway.net.ul.PresentationContext;
import org.mip.gateway.net.ul.State;
import org.mip.gateway.net.ul.Termination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DIMSE side of one accepted association: P-DATA PDVs into a {@link DimseReader} (event loop),
 * requests to the {@link DimseDispatcher} on the bounded worker executor, responses out through a
 * {@link DimseWriter} sized to the peer's maximum PDU. Reading stops while a data set stream is full or
 * the executor refuses work, and resumes when both allow it.
 *
 * <p>Services may send requests of their own to the peer ({@link PeerRequests}, e.g. a Storage
 * Commitment N-EVENT-REPORT): the peer's responses to them are routed by {@link OutstandingRequests},
 * never to the dispatcher. Such a request starts only in Sta6: once the peer has sent A-RELEASE-RQ it
 * may not answer (PS3.8 7.2.2), so the outstanding ones fail then, as on abort.
 */
final class ScpAssociation implements AssociationListener, DimseReader.Handler {
    private static final Logger log = LoggerFactory.getLogger(ScpAssociation.class);
    private static final int PAUSED_BY_STREAM = 1;
    private static final int PAUSED_BY_EXECUTOR = 2;

    private final Association association;
    private final DimseDispatcher dispatcher;
    private final DimseReader reader;
    private final DimseWriter writer;
    private final WorkQueue work;
    private final ActiveRequests active = new ActiveRequests();
    private final OutstandingRequests outstanding = new OutstandingRequests();
    private final AssociationInfo info;
    private final Object sendLock = new Object();
    private final FlowControl streamFlow = new FlowControl() {
        @Override
        public void pause() {
            paused(PAUSED_BY_STREAM, true);
        }

        @Override
        public void resume() {
            paused(PAUSED_BY_STREAM, false);
        }
    };
    private int pausedBy;
    private int inFlight;
    private CompletableFuture<Void> idle;

    ScpAssociation(Association association, DimseDispatcher dispatcher, Executor workers) {
        this.association = association;
        this.dispatcher = dispatcher;
        this.reader = new DimseReader(this);
        this.writer = new DimseWriter(association.peerMaxPduLength());
        this.work = new WorkQueue(workers, association.channel().eventLoop(),
                () -> paused(PAUSED_BY_EXECUTOR, true), () -> paused(PAUSED_BY_EXECUTOR, false));
        this.info = new AssociationInfo(association.callingAeTitle(), association.calledAeTitle(),
                String.valueOf(association.remoteAddress()));
    }

    // ---- AssociationListener (event loop)

    @Override
    public void onPData(Association a, PDataTf pdu) {
        try {
            for (PresentationDataValue pdv : pdu.pdvs()) {
                reader.onPdv(pdv.presentationContextId(), pdv.command(), pdv.last(), pdv.data());
            }
        } catch (DimseException e) {
            a.abort("DIMSE protocol error: " + e.getMessage());
        } catch (IllegalStateException e) {
            // the reader failed earlier; the abort is under way
        } finally {
            pdu.release();
        }
    }

    @Override
    public CompletionStage<Void> onReleaseRequested(Association a) {
        outstanding.close(new IOException("the peer requested release before answering (PS3.8 7.2.2)"));
        synchronized (this) {
            if (inFlight == 0) {
                return CompletableFuture.completedFuture(null);
            }
            idle = new CompletableFuture<>();
            return idle;
        }
    }

    @Override
    public void onClosed(Association a, Termination termination) {
        work.close();
        IOException ended = new IOException("association ended: " + termination.kind() + ", " + termination.reason());
        outstanding.close(ended);
        reader.close(ended);
    }

    // ---- DimseReader.Handler (event loop)

    @Override
    public DataSetSink onCommand(int pcid, DimseMessage command) {
        PresentationContext pc = association.presentationContext(pcid).orElse(null);
        if (pc == null) {
            association.abort("P-DATA on presentation context " + pcid + ", which was not accepted");
            return DataSetSink.DISCARD;
        }
        if (command instanceof CCancelRq cancel) {
            active.cancel(cancel.messageIdBeingRespondedTo());
            return DataSetSink.DISCARD;
        }
        if (command instanceof DimseResponse rsp) {
            DataSetSink sink = outstanding.route(rsp);
            if (sink == null) {
                log.debug("Association {}: {} to Message ID {}, which is not ours or no longer awaited, ignored",
                        association, rsp.commandField(), rsp.messageIdBeingRespondedTo());
                return DataSetSink.DISCARD;
            }
            return sink;
        }
        DimseRequest rq = (DimseRequest) command;
        CancelToken token = active.start(rq.messageId());
        if (token == null) {
            log.info("Association {}: {} with Message ID {} already in progress: 0210H", association,
                    rq.commandField(), rq.messageId());
            started();
            work.submit(() -> {
                try {
                    send(pcid, rq.response(Status.DuplicateInvocation), null);
                } catch (IOException e) {
                    log.debug("Association {}: {}", association, e.toString());
                } finally {
                    done();
                }
            });
            return DataSetSink.DISCARD;
        }
        DataSetStream stream = rq.hasDataSet() ? new DataSetStream(streamFlow) : null;
        ServiceRequest request = new ServiceRequest(info, pcid, rq,
                stream == null ? null : new StreamedDataSet(stream, pc.transferSyntax()), token, new Peer(pcid));
        if (stream == null && runsInline(rq)) {
            // Nothing of this association is in progress on a worker (so nobody holds sendLock or waits
            // for writability), and the service does not block: answer on the event loop.
            try {
                dispatcher.dispatch(request, (response, dataSet) -> send(pcid, response, dataSet));
            } finally {
                active.finish(rq.messageId());
            }
            return DataSetSink.DISCARD;
        }
        started();
        work.submit(() -> {
            try {
                dispatcher.dispatch(request, (response, dataSet) -> send(pcid, response, dataSet));
            } finally {
                active.finish(rq.messageId());
                done();
            }
        });
        return stream == null ? DataSetSink.DISCARD : stream;
    }

    private boolean runsInline(DimseRequest rq) {
        synchronized (this) {
            if (inFlight != 0) {
                return false;
            }
        }
        return dispatcher.registry().lookup(rq.sopClassUid(), rq.commandField())
                .map(DimseService::nonBlocking).orElse(false);
    }

    @Override
    public void onUnrecognizedCommand(int pcid, DimseException error) {
        started();
        work.submit(() -> {
            try {
                synchronized (sendLock) {
                    writeRaw(pcid, true, CommandCodec.encodeUnrecognizedOperation(error));
                }
            } catch (IOException e) {
                log.debug("Association {}: {}", association, e.toString());
            } finally {
                done();
            }
        });
    }

    // ---- responses (worker threads)

    private void send(int pcid, DimseResponse response, Attributes dataSet) throws IOException {
        byte[] encoded = dataSet == null ? null : DataSetCodec.encode(dataSet, association.presentationContext(pcid)
                .map(PresentationContext::transferSyntax).orElseThrow());
        synchronized (sendLock) {
            writer.writeCommand(pcid, response, association::sendFragment);
            if (encoded != null) {
                writer.writeDataSet(pcid, encoded, association::sendFragment);
            }
        }
    }

    private void writeRaw(int pcid, boolean command, byte[] bytes) throws IOException {
        if (command) {
            // An unrecognized-operation response is a command set only.
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            association.sendFragment(pcid, true, true, buf);
        }
    }

    // ---- requests of ours to the peer (service threads)

    /** {@link PeerRequests} of one service request: prefers the presentation context it came on. */
    private final class Peer implements PeerRequests {
        private final int originPcid;

        Peer(int originPcid) {
            this.originPcid = originPcid;
        }

        @Override
        public boolean isOpen() {
            return association.state() == State.Sta6 && !outstanding.isClosed();
        }

        @Override
        public CompletableFuture<Reply> send(IntFunction<? extends DimseRequest> factory, Attributes dataSet,
                                             Duration timeout) {
            return sendToPeer(originPcid, factory, dataSet, timeout)
                    .thenApply(replies -> replies.get(replies.size() - 1));
        }
    }

    private CompletableFuture<List<Reply>> sendToPeer(int originPcid, IntFunction<? extends DimseRequest> factory,
                                                      Attributes dataSet, Duration timeout) {
        int messageId = outstanding.nextMessageId();
        DimseRequest rq;
        try {
            rq = factory.apply(messageId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (rq.messageId() != messageId) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the request must carry the Message ID it was given, " + messageId));
        }
        PresentationContext pc = association.presentationContext(originPcid)
                .filter(p -> p.abstractSyntax().equals(rq.sopClassUid()))
                .or(() -> association.presentationContextFor(rq.sopClassUid(), null))
                .orElse(null);
        if (pc == null) {
            return CompletableFuture.failedFuture(new IOException("no accepted presentation context for "
                    + rq.sopClassUid() + " on " + association));
        }
        if (rq.hasDataSet() != (dataSet != null)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(rq.commandField()
                    + (rq.hasDataSet() ? " needs a data set" : " has no data set")));
        }
        byte[] encoded;
        try {
            encoded = dataSet == null ? null : DataSetCodec.encode(dataSet, pc.transferSyntax());
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<List<Reply>> future = outstanding.register(rq, pc.transferSyntax());
        if (future.isDone()) {
            return future; // release requested or association ended
        }
        if (association.state() != State.Sta6) {
            outstanding.fail(rq.messageId(), new IOException("association " + association + " in "
                    + association.state() + ": no new request"));
            return future;
        }
        RequestFragments out = new RequestFragments(rq.messageId());
        try {
            synchronized (sendLock) {
                writer.writeCommand(pc.id(), rq, out);
                if (encoded != null) {
                    writer.writeDataSet(pc.id(), encoded, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            outstanding.fail(rq.messageId(), e);
            return future;
        }
        log.debug("Association {}: {} sent as Message ID {}", association, rq.commandField(), rq.messageId());
        outstanding.startTimer(rq.messageId(), timeout, association.channel().eventLoop(),
                () -> log.info("Association {}: no {} response within {} ms", association,
                        rq.commandField(), timeout.toMillis()));
        return future;
    }

    /**
     * Writes the fragments of one request of ours. Whether the state allows it is decided on the event
     * loop, in order with the PDUs received: the first fragment goes out only in Sta6 (after A-RELEASE-RQ
     * arrived, Sta8, the peer could not answer, PS3.8 7.2.2), the others only if the first went (they are
     * ordinary P-DATA, allowed in Sta8 too, AR-7, so that a message once begun is whole).
     */
    private final class RequestFragments implements DimseWriter.FragmentConsumer {
        private final int messageId;
        private boolean first = true;
        private volatile boolean dropped;

        RequestFragments(int messageId) {
            this.messageId = messageId;
        }

        @Override
        public void accept(int pcid, boolean command, boolean last, ByteBuf fragment) throws IOException {
            try {
                association.awaitWritable();
            } catch (IOException e) {
                fragment.release();
                throw e;
            }
            boolean starts = first;
            first = false;
            Runnable write = () -> {
                if (!dropped && starts && association.state() != State.Sta6) {
                    dropped = true;
                    outstanding.fail(messageId, new IOException("association " + association + " left Sta6 ("
                            + association.state() + ") before the request went out"));
                }
                if (dropped) {
                    fragment.release();
                    return;
                }
                try {
                    association.sendFragment(pcid, command, last, fragment);
                } catch (IOException e) {
                    dropped = true;
                    outstanding.fail(messageId, e);
                }
            };
            EventExecutor loop = association.channel().eventLoop();
            if (loop.inEventLoop()) {
                write.run();
            } else {
                loop.execute(write);
            }
        }
    }

    // ---- bookkeeping

    private synchronized void started() {
        inFlight++;
    }

    private void done() {
        CompletableFuture<Void> ready = null;
        synchronized (this) {
            if (--inFlight == 0 && idle != null) {
                ready = idle;
                idle = null;
            }
        }
        if (ready != null) {
            ready.complete(null);
        }
    }

    /** Reading is on iff no source pauses it; the toggles are issued under the lock, so in order. */
    private synchronized void paused(int source, boolean on) {
        int before = pausedBy;
        pausedBy = on ? pausedBy | source : pausedBy & ~source;
        if ((before == 0) != (pausedBy == 0)) {
            if (pausedBy == 0) {
                association.resumeReading();
            } else {
                association.pauseReading();
            }
        }
    }
}
