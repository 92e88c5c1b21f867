package org.mip.gateway.net.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.BufferingSink;
import org.mip.gateway.net.dimse.CEchoRq;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.DataSetCodec;
import org.mip.gateway.net.dimse.DataSetSink;
import org.mip.gateway.net.dimse.DimseException;
import org.mip.gateway.net.dimse.DimseMessage;
import org.mip.gateway.net.dimse.DimseReader;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.DimseWriter;
import org.mip.gateway.net.dimse.OutstandingRequests;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.service.AssociationInfo;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseDispatcher;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.ul.Association;
import org.mip.gateway.net.ul.AssociationAbortedException;
import org.mip.gateway.net.ul.AssociationListener;
import org.mip.gateway.net.ul.PresentationContext;
import org.mip.gateway.net.ul.Termination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An association we requested, as a DIMSE service user: send requests, await their responses (all of
 * them for C-FIND), release or abort. Thread-safe; the number of outstanding requests is bounded by the
 * negotiated asynchronous operations window (1 unless the acceptor granted more). Responses are matched
 * to their requests by {@link OutstandingRequests}.
 *
 * <p>Requests from the peer on this association (e.g. the Storage Commitment SCP's N-EVENT-REPORT on
 * the N-ACTION's association, PS3.4 J.3.3) are served by the {@link IncomingServices} given to {@code
 * connect}, through a {@link DimseDispatcher} on their executor; with none they are logged and left
 * unanswered (the peer gives up when we release).
 */
public final class ScuAssociation implements AssociationListener, DimseReader.Handler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScuAssociation.class);
    /** Largest data set of a request from the peer collected in memory. */
    static final int MAX_INCOMING_DATA_SET = 16 << 20;

    private final ClientOptions options;
    private final IncomingServices incoming;
    private final DimseDispatcher dispatcher;
    private final OutstandingRequests outstanding = new OutstandingRequests();
    private final Object sendLock = new Object();
    private final DimseReader reader = new DimseReader(this);
    private volatile Association association;
    private volatile Semaphore window;
    private volatile AssociationInfo info;
    private DimseWriter writer;

    ScuAssociation(ClientOptions options, IncomingServices incoming) {
        this.options = options;
        this.incoming = incoming;
        this.dispatcher = new DimseDispatcher(incoming.registry());
    }

    /** The upper layer's view: negotiated contexts, max PDU lengths, state. */
    public Association association() {
        return association;
    }

    /** The next Message ID (1..65535, wrapping, skipping those of outstanding requests). */
    public int nextMessageId() {
        return outstanding.nextMessageId();
    }

    /** C-ECHO (Verification SOP class); returns the response status. */
    public int echo() throws IOException, InterruptedException {
        List<Reply> r = await(send(new CEchoRq(nextMessageId(), UID.Verification), null));
        return r.get(r.size() - 1).response().status();
    }

    /**
     * C-STORE of a data set already encoded in {@code transferSyntax} (read from {@code dataSet} until
     * its end, streamed in fragments, never held whole); returns the response.
     */
    public DimseResponse store(String sopClass, String sopInstance, String transferSyntax, InputStream dataSet)
            throws IOException, InterruptedException {
        PresentationContext pc = association.presentationContextFor(sopClass, transferSyntax)
                .filter(p -> p.transferSyntax().equals(transferSyntax))
                .orElseThrow(() -> new IOException("no accepted presentation context for " + sopClass + " in "
                        + transferSyntax));
        CStoreRq rq = new CStoreRq(nextMessageId(), sopClass, sopInstance, Priority.MEDIUM);
        List<Reply> r = await(send(pc.id(), rq, (id, w) -> w.writeDataSet(id, dataSet, association::sendFragment)));
        return r.get(r.size() - 1).response();
    }

    /**
     * Sends {@code request} with {@code dataSet} (null when it has none), encoded in the transfer syntax
     * of the first accepted context of its SOP class. The future completes with every response, the
     * final one last.
     */
    public CompletableFuture<List<Reply>> send(DimseRequest request, Attributes dataSet) throws IOException,
            InterruptedException {
        PresentationContext pc = association.presentationContextFor(request.sopClassUid(), null)
                .orElseThrow(() -> new IOException("no accepted presentation context for " + request.sopClassUid()));
        byte[] encoded = dataSet == null ? null : DataSetCodec.encode(dataSet, pc.transferSyntax());
        return send(pc.id(), request, encoded == null ? null : (id, w) -> w.writeDataSet(id, encoded,
                association::sendFragment));
    }

    /** Writes the data set of a request after its command. */
    @FunctionalInterface
    public interface DataWriter {
        void write(int presentationContextId, DimseWriter writer) throws IOException;
    }

    /** Sends {@code request} on context {@code pcid}; {@code data} writes its data set (null for none). */
    public CompletableFuture<List<Reply>> send(int pcid, DimseRequest request, DataWriter data) throws IOException,
            InterruptedException {
        if (request.hasDataSet() != (data != null)) {
            throw new IllegalArgumentException(request.commandField() + (request.hasDataSet()
                    ? " needs a data set" : " has no data set"));
        }
        if (!window.tryAcquire(options.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no response to the outstanding requests within " + options.responseTimeout());
        }
        PresentationContext pc = association.presentationContext(pcid).orElseThrow();
        CompletableFuture<List<Reply>> future;
        try {
            future = outstanding.register(request, pc.transferSyntax());
        } catch (RuntimeException e) {
            window.release();
            throw e;
        }
        future.whenComplete((r, e) -> window.release());
        try {
            synchronized (sendLock) {
                writer.writeCommand(pcid, request, association::sendFragment);
                if (data != null) {
                    data.write(pcid, writer);
                }
            }
        } catch (IOException | RuntimeException e) {
            outstanding.fail(request.messageId(), e);
            throw e;
        }
        long millis = options.responseTimeout().toMillis();
        outstanding.startTimer(request.messageId(), options.responseTimeout(), association.channel().eventLoop(),
                () -> association.abort("no DIMSE response within " + millis + " ms"));
        return future;
    }

    /** Waits for a reply future, unwrapping its failure into an {@link IOException}. */
    public static List<Reply> await(CompletableFuture<List<Reply>> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c.getMessage(), c);
        }
    }

    /** A-RELEASE; waits for the A-RELEASE-RP. */
    public void release() throws IOException, InterruptedException {
        try {
            association.release().get();
        } catch (ExecutionException e) {
            throw new IOException("release failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A-ABORT. */
    public void abort() {
        association.abort();
    }

    /** Releases if still established, else does nothing. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (association != null && association.state() == org.mip.gateway.net.ul.State.Sta6) {
            release();
        }
    }

    // ---- AssociationListener (event loop)

    @Override
    public void onEstablished(Association a) {
        association = a;
        writer = new DimseWriter(a.peerMaxPduLength());
        info = new AssociationInfo(a.callingAeTitle(), a.calledAeTitle(), String.valueOf(a.remoteAddress()));
        window = new Semaphore(Math.max(1, a.accept().userInformation().asyncOperationsWindow()
                .map(w -> w.maxOperationsPerformed() == 0 ? 16 : w.maxOperationsPerformed()).orElse(1)));
    }

    @Override
    public void onPData(Association a, PDataTf pdu) {
        try {
            for (PresentationDataValue pdv : pdu.pdvs()) {
                reader.onPdv(pdv.presentationContextId(), pdv.command(), pdv.last(), pdv.data());
            }
        } catch (DimseException e) {
            a.abort("DIMSE protocol error: " + e.getMessage());
        } catch (IllegalStateException e) {
            // reader failed earlier; abort under way
        } finally {
            pdu.release();
        }
    }

    @Override
    public void onClosed(Association a, Termination termination) {
        reader.close(new IOException(termination.reason()));
        outstanding.close(new IOException("association ended before the response: " + termination.reason(),
                new AssociationAbortedException(termination)));
    }

    // ---- DimseReader.Handler (event loop)

    @Override
    public DataSetSink onCommand(int pcid, DimseMessage command) {
        if (command instanceof DimseResponse rsp) {
            DataSetSink sink = outstanding.route(rsp);
            if (sink == null) {
                log.debug("Association {}: {} to unknown Message ID {} ignored", association, rsp.commandField(),
                        rsp.messageIdBeingRespondedTo());
                return DataSetSink.DISCARD;
            }
            return sink;
        }
        if (command instanceof DimseRequest rq) {
            return incomingRequest(pcid, rq);
        }
        return DataSetSink.DISCARD; // C-CANCEL-RQ: we perform nothing cancellable
    }

    private DataSetSink incomingRequest(int pcid, DimseRequest rq) {
        PresentationContext pc = association.presentationContext(pcid).orElse(null);
        if (pc == null) {
            association.abort("P-DATA on presentation context " + pcid + ", which was not accepted");
            return DataSetSink.DISCARD;
        }
        if (incoming.registry().services().isEmpty()) {
            log.info("Association {}: {} from the peer not handled here; not answered", association,
                    rq.commandField());
            return DataSetSink.DISCARD;
        }
        if (!rq.hasDataSet()) {
            serve(new ServiceRequest(info, pcid, rq, null, new CancelToken()));
            return DataSetSink.DISCARD;
        }
        return new BufferingSink(MAX_INCOMING_DATA_SET,
                bytes -> serve(new ServiceRequest(info, pcid, rq, new BufferedDataSet(bytes, pc.transferSyntax()),
                        new CancelToken())),
                why -> association.abort(rq.commandField() + " from the peer: " + why));
    }

    private void serve(ServiceRequest request) {
        int pcid = request.presentationContextId();
        try {
            incoming.executor().execute(() -> dispatcher.dispatch(request, (response, dataSet) -> {
                byte[] encoded = dataSet == null ? null : DataSetCodec.encode(dataSet, association
                        .presentationContext(pcid).orElseThrow().transferSyntax());
                synchronized (sendLock) {
                    writer.writeCommand(pcid, response, association::sendFragment);
                    if (encoded != null) {
                        writer.writeDataSet(pcid, encoded, association::sendFragment);
                    }
                }
            }));
        } catch (RejectedExecutionException e) {
            log.warn("Association {}: {} from the peer not served: {}", association, request.command().commandField(),
                    e.toString());
        }
    }

    @Override
    public void onUnrecognizedCommand(int pcid, DimseException error) {
        log.info("Association {}: unrecognized command from the SCP: {}", association, error.getMessage());
    }
}
