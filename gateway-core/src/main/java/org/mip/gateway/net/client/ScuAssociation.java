package org.mip.gateway.net.client;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.dicom.io.TransferSyntax;
import org.mip.gateway.net.dimse.CEchoRq;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.DataSetSink;
import org.mip.gateway.net.dimse.DimseException;
import org.mip.gateway.net.dimse.DimseMessage;
import org.mip.gateway.net.dimse.DimseReader;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.DimseWriter;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.PresentationDataValue;
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
 * negotiated asynchronous operations window (1 unless the acceptor granted more).
 */
public final class ScuAssociation implements AssociationListener, DimseReader.Handler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScuAssociation.class);
    /** Largest response data set collected in memory. */
    static final int MAX_RESPONSE_DATA_SET = 64 << 20;

    private final ClientOptions options;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger messageIds = new AtomicInteger();
    private final Object sendLock = new Object();
    private final DimseReader reader = new DimseReader(this);
    private volatile Association association;
    private volatile Semaphore window;
    private DimseWriter writer;

    ScuAssociation(ClientOptions options) {
        this.options = options;
    }

    private static final class Pending {
        final List<Reply> replies = new ArrayList<>();
        final CompletableFuture<List<Reply>> future = new CompletableFuture<>();
        final String transferSyntax;
        ScheduledFuture<?> timeout;

        Pending(String transferSyntax) {
            this.transferSyntax = transferSyntax;
        }
    }

    /** The upper layer's view: negotiated contexts, max PDU lengths, state. */
    public Association association() {
        return association;
    }

    /** The next Message ID (1..65535, wrapping). */
    public int nextMessageId() {
        return (messageIds.getAndIncrement() & 0xFFFF) % 0xFFFF + 1;
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
        byte[] encoded = dataSet == null ? null : encode(dataSet, pc.transferSyntax());
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
        Pending p = new Pending(pc.transferSyntax());
        if (pending.putIfAbsent(request.messageId(), p) != null) {
            window.release();
            throw new IllegalStateException("Message ID " + request.messageId() + " is outstanding");
        }
        p.future.whenComplete((r, e) -> window.release());
        try {
            synchronized (sendLock) {
                writer.writeCommand(pcid, request, association::sendFragment);
                if (data != null) {
                    data.write(pcid, writer);
                }
            }
        } catch (IOException | RuntimeException e) {
            pending.remove(request.messageId());
            p.future.completeExceptionally(e);
            throw e;
        }
        long millis = options.responseTimeout().toMillis();
        p.timeout = association.channel().eventLoop().schedule(() -> {
            if (pending.remove(request.messageId(), p)) {
                p.future.completeExceptionally(new TimeoutException("no " + request.commandField()
                        + " response within " + millis + " ms"));
                association.abort("no DIMSE response within " + millis + " ms");
            }
        }, millis, TimeUnit.MILLISECONDS);
        return p.future;
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

    static byte[] encode(Attributes dataSet, String ts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dos = new DicomOutputStream(out, TransferSyntax.of(ts));
        dos.writeDataset(dataSet);
        dos.finish();
        return out.toByteArray();
    }

    // ---- AssociationListener (event loop)

    @Override
    public void onEstablished(Association a) {
        association = a;
        writer = new DimseWriter(a.peerMaxPduLength());
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
        for (Integer id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                if (p.timeout != null) {
                    p.timeout.cancel(false);
                }
                p.future.completeExceptionally(new IOException("association ended before the response: "
                        + termination.reason(), new AssociationAbortedException(termination)));
            }
        }
    }

    // ---- DimseReader.Handler (event loop)

    @Override
    public DataSetSink onCommand(int pcid, DimseMessage command) {
        if (!(command instanceof DimseResponse rsp)) {
            log.info("Association {}: {} from the SCP not supported here; ignored", association, command.commandField());
            return DataSetSink.DISCARD;
        }
        Pending p = pending.get(rsp.messageIdBeingRespondedTo());
        if (p == null) {
            log.debug("Association {}: response to unknown Message ID {}", association, rsp.messageIdBeingRespondedTo());
            return DataSetSink.DISCARD;
        }
        if (!rsp.hasDataSet()) {
            reply(p, rsp, null);
            return DataSetSink.DISCARD;
        }
        return new DataSetSink() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private boolean tooLong;

            @Override
            public void onFragment(ByteBuf fragment) {
                try {
                    if (bytes.size() + fragment.readableBytes() > MAX_RESPONSE_DATA_SET) {
                        tooLong = true;
                    } else {
                        fragment.readBytes(bytes, fragment.readableBytes());
                    }
                } catch (IOException e) {
                    tooLong = true;
                } finally {
                    fragment.release();
                }
            }

            @Override
            public void onEnd() {
                if (tooLong) {
                    association.abort("response data set longer than " + MAX_RESPONSE_DATA_SET + " bytes");
                    return;
                }
                try (DicomInputStream in = DicomInputStream.ofDataset(new ByteArrayInputStream(bytes.toByteArray()),
                        TransferSyntax.of(p.transferSyntax))) {
                    reply(p, rsp, in.readDataset());
                } catch (IOException | RuntimeException e) {
                    pending.remove(rsp.messageIdBeingRespondedTo());
                    p.future.completeExceptionally(new IOException("undecodable response data set: " + e.getMessage(), e));
                }
            }

            @Override
            public void onAbort(Throwable cause) {}
        };
    }

    private void reply(Pending p, DimseResponse rsp, Attributes dataSet) {
        p.replies.add(new Reply(rsp, dataSet));
        if (!rsp.isPending()) {
            pending.remove(rsp.messageIdBeingRespondedTo(), p);
            if (p.timeout != null) {
                p.timeout.cancel(false);
            }
            p.future.complete(List.copyOf(p.replies));
        }
    }

    @Override
    public void onUnrecognizedCommand(int pcid, DimseException error) {
        log.info("Association {}: unrecognized command from the SCP: {}", association, error.getMessage());
    }
}
