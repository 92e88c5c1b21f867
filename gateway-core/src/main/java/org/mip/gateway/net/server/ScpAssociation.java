package org.mip.gateway.net.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.dicom.io.TransferSyntax;
import org.mip.gateway.net.dimse.CCancelRq;
import org.mip.gateway.net.dimse.CommandCodec;
import org.mip.gateway.net.dimse.DataSetSink;
import org.mip.gateway.net.dimse.DataSetStream;
import org.mip.gateway.net.dimse.DimseException;
import org.mip.gateway.net.dimse.DimseMessage;
import org.mip.gateway.net.dimse.DimseReader;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.DimseWriter;
import org.mip.gateway.net.dimse.FlowControl;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.service.ActiveRequests;
import org.mip.gateway.net.service.AssociationInfo;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseDispatcher;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.ul.Association;
import org.mip.gateway.net.ul.AssociationListener;
import org.mip.gateway.net.ul.PresentationContext;
import org.mip.gateway.net.ul.Termination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DIMSE side of one accepted association: P-DATA PDVs into a {@link DimseReader} (event loop),
 * requests to the {@link DimseDispatcher} on the bounded worker executor, responses out through a
 * {@link DimseWriter} sized to the peer's maximum PDU. Reading stops while a data set stream is full or
 * the executor refuses work, and resumes when both allow it.
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
        reader.close(new IOException("association ended: " + termination.kind() + ", " + termination.reason()));
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
            log.debug("Association {}: unexpected {} ignored", association, rsp.commandField());
            return DataSetSink.DISCARD;
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
                stream == null ? null : new StreamedDataSet(stream, pc.transferSyntax()), token);
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
        byte[] encoded = dataSet == null ? null : encode(dataSet, association.presentationContext(pcid)
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

    static byte[] encode(Attributes dataSet, String transferSyntaxUid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dos = new DicomOutputStream(out, TransferSyntax.of(transferSyntaxUid));
        dos.writeDataset(dataSet);
        dos.finish();
        return out.toByteArray();
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
