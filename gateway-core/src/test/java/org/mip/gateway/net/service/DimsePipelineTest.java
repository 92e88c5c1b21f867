package org.mip.gateway.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.CEchoRq;
import org.mip.gateway.net.dimse.CEchoRsp;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.CStoreRsp;
import org.mip.gateway.net.dimse.CommandCodec;
import org.mip.gateway.net.dimse.DataSetSink;
import org.mip.gateway.net.dimse.DataSetStream;
import org.mip.gateway.net.dimse.DimseException;
import org.mip.gateway.net.dimse.DimseMessage;
import org.mip.gateway.net.dimse.DimseReader;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.DimseWriter;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.FlowControl;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.dimse.Status;

/**
 * The DIMSE layers wired as the association layer will wire them, without Netty: PDV fragments into a
 * DimseReader on the "event loop" (the test thread), requests dispatched on a worker, responses split by
 * a DimseWriter into fragments read back by a second DimseReader, as the peer would.
 */
@Timeout(30)
class DimsePipelineTest {
    private static final int PEER_MAX_PDU = 16384;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final AtomicBoolean autoRead = new AtomicBoolean(true);
    private final AtomicInteger pauses = new AtomicInteger();
    private final FlowControl flow = new FlowControl() {
        @Override
        public void pause() {
            pauses.incrementAndGet();
            autoRead.set(false);
        }

        @Override
        public void resume() {
            autoRead.set(true);
        }
    };

    /** What the peer receives: responses reassembled from the fragments the writer produced. */
    private final List<DimseMessage> peerReceived = new ArrayList<>();
    private final DimseReader peerReader = new DimseReader(new DimseReader.Handler() {
        @Override
        public DataSetSink onCommand(int pcid, DimseMessage command) {
            synchronized (peerReceived) {
                peerReceived.add(command);
                peerReceived.notifyAll();
            }
            return DataSetSink.DISCARD;
        }

        @Override
        public void onUnrecognizedCommand(int pcid, DimseException error) {}
    });
    private final DimseWriter writer = new DimseWriter(PEER_MAX_PDU);

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private DimseReader scpReader(DimseDispatcher dispatcher) {
        return new DimseReader(new DimseReader.Handler() {
            @Override
            public DataSetSink onCommand(int pcid, DimseMessage command) {
                DimseRequest rq = (DimseRequest) command;
                DataSetStream stream = rq.hasDataSet() ? new DataSetStream(flow, 64 * 1024, 16 * 1024, 10_000) : null;
                IncomingDataSet data = stream == null ? null : new StreamedDataSet(stream);
                ServiceRequest request = new ServiceRequest(new AssociationInfo("MODALITY", "MIPGW", "127.0.0.1"),
                        pcid, rq, data, new CancelToken());
                workers.execute(() -> dispatcher.dispatch(request, this::respond));
                return stream;
            }

            private void respond(org.mip.gateway.net.dimse.DimseResponse response, Attributes dataSet)
                    throws IOException {
                synchronized (peerReader) {
                    writer.writeCommand(1, response, (pc, cmd, last, fragment) -> {
                        assertThat(fragment.readableBytes()).isLessThanOrEqualTo(PEER_MAX_PDU - 6);
                        try {
                            peerReader.onPdv(pc, cmd, last, fragment);
                        } catch (DimseException e) {
                            throw new IOException(e);
                        } finally {
                            fragment.release();
                        }
                    });
                }
            }

            @Override
            public void onUnrecognizedCommand(int pcid, DimseException error) {}
        });
    }

    /** The association layer's IncomingDataSet over a DataSetStream (decoding needs dicom.io: not here). */
    record StreamedDataSet(DataSetStream stream) implements IncomingDataSet {
        @Override
        public String transferSyntaxUid() {
            return UID.ExplicitVRLittleEndian;
        }

        @Override
        public Attributes read() throws IOException {
            throw new IOException("no decoder in this test");
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    @Test
    void cEcho_isAnsweredThroughTheWholeChain() throws Exception {
        DimseReader reader = scpReader(new DimseDispatcher(ServiceRegistry.builder()
                .add(new VerificationService()).build()));
        feed(reader, new CEchoRq(1, UID.Verification), null);
        assertThat(awaitPeer(1)).containsExactly(new CEchoRsp(1, UID.Verification, Status.Success, ErrorInfo.NONE));
    }

    @Test
    void cStore_isWrittenToItsFileWhileFragmentsArriveAndAcknowledged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("1.2.3.dcm");
        CStoreService store = new CStoreService(Set.of(UID.CTImageStorage)) {
            @Override
            protected int store(ServiceRequest rq, CStoreRq command, IncomingDataSet dataSet)
                    throws IOException, InterruptedException {
                Thread.sleep(200); // a slow start: the queue fills and the producer must pause
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ((StreamedDataSet) dataSet).stream().transferTo(ch);
                }
                return Status.Success;
            }
        };
        DimseReader reader = scpReader(new DimseDispatcher(ServiceRegistry.builder().add(store).build()));
        byte[] instance = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(instance);
        CStoreRq rq = new CStoreRq(5, UID.CTImageStorage, "1.2.3", Priority.MEDIUM);

        feed(reader, rq, instance);

        assertThat(awaitPeer(1)).containsExactly(new CStoreRsp(5, UID.CTImageStorage, "1.2.3", Status.Success,
                ErrorInfo.NONE));
        assertThat(Files.readAllBytes(file)).isEqualTo(instance);
        assertThat(pauses.get()).as("the slow consumer paused the producer").isPositive();
    }

    @Test
    void cStore_ofUnsupportedSopClassIsRefusedAndItsDataSetDiscarded() throws Exception {
        DimseReader reader = scpReader(new DimseDispatcher(ServiceRegistry.builder()
                .add(new VerificationService()).build()));
        feed(reader, new CStoreRq(6, UID.MRImageStorage, "1.2.4", Priority.MEDIUM), new byte[200_000]);
        feed(reader, new CEchoRq(7, UID.Verification), null);
        List<DimseMessage> got = awaitPeer(2);
        assertThat(got).extracting(m -> ((org.mip.gateway.net.dimse.DimseResponse) m).status())
                .containsExactlyInAnyOrder(Status.SOPClassNotSupported, Status.Success);
        assertThat(reader.isIdle()).isTrue();
    }

    /** Sends a message as an SCU would, fragment by fragment, pausing while auto-read is off. */
    private void feed(DimseReader reader, DimseMessage message, byte[] dataSet) throws Exception {
        List<Object[]> fragments = new ArrayList<>();
        writer.write(1, message, dataSet, (pc, cmd, last, fragment) -> fragments.add(new Object[] {pc, cmd, last,
                fragment}));
        for (Object[] f : fragments) {
            while (!autoRead.get()) {
                Thread.sleep(1);
            }
            ByteBuf buf = (ByteBuf) f[3];
            try {
                reader.onPdv((int) f[0], (boolean) f[1], (boolean) f[2], buf);
            } finally {
                buf.release();
            }
        }
    }

    private List<DimseMessage> awaitPeer(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (peerReceived) {
            while (peerReceived.size() < n && System.currentTimeMillis() < deadline) {
                peerReceived.wait(100);
            }
            return List.copyOf(peerReceived);
        }
    }

}
