package org.mip.gateway.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.EchoScu;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.service.CStoreService;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.Association;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.testing.CountingZeros;

/**
 * DicomServer under pressure, with real sockets on port 0: a full service executor, the association
 * limit, a graceful stop with work in flight, the idle timeout.
 */
@Timeout(120)
class ServerBehaviourIT {
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
    }

    /** A C-STORE SCP that holds each request at a gate before it reads (and counts) the data set. */
    static final class GatedStoreService extends CStoreService {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final Map<String, Long> bytesByInstance = new ConcurrentHashMap<>();
        final long readDelayMillis;

        GatedStoreService(long readDelayMillis) {
            super(Set.of(UID.CTImageStorage));
            this.readDelayMillis = readDelayMillis;
        }

        @Override
        protected int store(ServiceRequest request, CStoreRq command, IncomingDataSet dataSet) throws Exception {
            started.incrementAndGet();
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            long n = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = dataSet.stream()) {
                for (int r; (r = in.read(buf)) > 0; ) {
                    n += r;
                    if (readDelayMillis > 0) {
                        Thread.sleep(readDelayMillis);
                    }
                }
            }
            bytesByInstance.put(command.affectedSopInstanceUid(), n);
            return Status.Success;
        }
    }

    static DicomServer server(ServerOptions options, int maxAssociations, AssociationAudit audit,
            CStoreService... services) throws Exception {
        ServiceRegistry.Builder registry = ServiceRegistry.builder().add(new VerificationService());
        for (CStoreService s : services) {
            registry.add(s);
        }
        DicomServer server = new DicomServer(new DicomConfig(TestServer.AET, "127.0.0.1", 0, TlsConfig.OFF, List.of(),
                65536, maxAssociations), registry.build(), audit, options);
        server.start();
        return server;
    }

    DicomServer started(DicomServer server) {
        closeLater.add(() -> server.stop(Duration.ofSeconds(2)));
        return server;
    }

    DicomClient client() {
        DicomClient c = new DicomClient(2, AssociationAudit.NONE);
        closeLater.add(c);
        return c;
    }

    static List<PresentationContextRq> ctContexts() {
        return List.of(new PresentationContextRq(1, UID.CTImageStorage, UID.ExplicitVRLittleEndian),
                new PresentationContextRq(3, UID.Verification, UID.ExplicitVRLittleEndian));
    }

    static void waitFor(String what, long timeoutMillis, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    // ---- back-pressure

    @Test
    void fullServiceExecutor_stopsReadingTheAssociations_andLosesNothingOnceItDrains() throws Exception {
        GatedStoreService slow = new GatedStoreService(0);
        // one service thread, one queued task: the third concurrent C-STORE finds the executor full
        DicomServer server = started(server(ServerOptions.defaults().withWorkers(1, 1), 10, AssociationAudit.NONE, slow));
        DicomClient client = client();
        AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", server.port());
        long size = 64L << 20;
        int n = 3;
        List<CountingZeros> payloads = new ArrayList<>();
        List<Future<DimseResponse>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CountingZeros p = new CountingZeros(size);
            payloads.add(p);
            String iuid = "1.2.826.0.1.3680043.2.1143.9." + i;
            results.add(threads.submit(() -> {
                try (ScuAssociation as = client.connect(ae, "SCU" + iuid.charAt(iuid.length() - 1), ctContexts(),
                        ClientOptions.defaults())) {
                    return as.store(UID.CTImageStorage, iuid, UID.ExplicitVRLittleEndian, p);
                }
            }));
        }
        waitFor("the first C-STORE to reach the service", 10_000, () -> slow.started.get() == 1);
        // Let every client push as much as the server lets it (on a loaded machine that takes a while), then
        // check that nobody advances.
        waitFor("three established associations", 10_000, () -> server.associations().size() == n);
        long[] before = CountingZeros.untilStill(payloads);
        Thread.sleep(1000);
        long[] after = payloads.stream().mapToLong(CountingZeros::consumed).toArray();
        for (int i = 0; i < n; i++) {
            assertThat(after[i]).as("client %d's writes are blocked", i).isEqualTo(before[i]).isLessThan(size);
        }
        assertThat(server.associations()).as("the server stopped reading every association")
                .allMatch(a -> !a.channel().config().isAutoRead());
        assertThat(slow.started.get()).as("one request in the service, one queued, one waiting").isEqualTo(1);
        assertThat(results).noneMatch(Future::isDone);
        // C-ECHO does not block (VerificationService.nonBlocking): answered on the event loop even now
        assertThat(new EchoScu(client, ClientOptions.defaults(), "PING").echo(ae, 3).success()).isTrue();

        slow.gate.countDown();
        for (Future<DimseResponse> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS).status()).isEqualTo(Status.Success);
        }
        assertThat(slow.bytesByInstance).hasSize(n).allSatisfy((iuid, bytes) -> assertThat(bytes).isEqualTo(size));
        assertThat(payloads).allMatch(p -> p.consumed() == size);
    }

    @Test
    void slowConsumer_stopsReadingItsAssociation_boundedByTheStreamWatermark() throws Exception {
        GatedStoreService slow = new GatedStoreService(0);
        DicomServer server = started(server(ServerOptions.defaults(), 10, AssociationAudit.NONE, slow));
        AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", server.port());
        DicomClient client = client();
        long size = 64L << 20;
        CountingZeros p = new CountingZeros(size);
        Future<DimseResponse> result = threads.submit(() -> {
            try (ScuAssociation as = client.connect(ae, "SCU", ctContexts(), ClientOptions.defaults())) {
                return as.store(UID.CTImageStorage, "1.2.3.4.5", UID.ExplicitVRLittleEndian, p);
            }
        });
        waitFor("the C-STORE to reach the service", 10_000, () -> slow.started.get() == 1);
        waitFor("reading to stop", 10_000, () -> server.associations().size() == 1
                && !server.associations().get(0).channel().config().isAutoRead());
        long stalled = CountingZeros.untilStill(List.of(p))[0];
        Thread.sleep(1000);
        assertThat(p.consumed()).isEqualTo(stalled).isLessThan(size);
        slow.gate.countDown();
        assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(Status.Success);
        assertThat(slow.bytesByInstance.get("1.2.3.4.5")).isEqualTo(size);
    }

    // ---- dicom.max-associations

    @Test
    void maxAssociationsReached_echoscuGetsTransientLocalLimitExceeded() throws Exception {
        DicomServer server = started(server(ServerOptions.defaults(), 1, AssociationAudit.NONE));
        DicomClient client = client();
        AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", server.port());
        ScuAssociation holder = client.connect(ae, "HOLDER", EchoScu.contexts(), ClientOptions.defaults());
        Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-v", "-aet", "ECHOSCU", "-aec", TestServer.AET, "127.0.0.1",
                String.valueOf(server.port()));
        System.out.println("echoscu beyond dicom.max-associations (exit code " + r.exitCode() + "):\n" + r.output());
        // PS3.8 9.3.4 Table 9-21: result 2 (transient), source 3 (presentation), reason 2 (local limit)
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("F: Association Rejected:")
                .contains("Result: Rejected Transient, Source: Service Provider (Presentation Related)")
                .contains("Reason: Local Limit Exceeded");
        holder.release();
        waitFor("the slot to be free", 5_000, () -> server.activeAssociations() == 0);
        Dcmtk.Result again = Dcmtk.run(30_000, "echoscu", "-aet", "ECHOSCU", "-aec", TestServer.AET, "127.0.0.1",
                String.valueOf(server.port()));
        assertThat(again.exitCode()).as(again.output()).isZero();
    }

    // ---- graceful stop

    @Test
    void stop_letsTheCStoreInProgressFinish_andRefusesNewAssociations() throws Exception {
        GatedStoreService slow = new GatedStoreService(20);
        DicomServer server = started(server(ServerOptions.defaults(), 10, AssociationAudit.NONE, slow));
        int port = server.port();
        AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", port);
        DicomClient client = client();
        long size = 4L << 20; // 64 reads of 64 KiB, 20 ms each: about 1.3 s in the service
        Future<DimseResponse> result = threads.submit(() -> {
            try (ScuAssociation as = client.connect(ae, "SCU", ctContexts(), ClientOptions.defaults())) {
                return as.store(UID.CTImageStorage, "1.2.3.4.6", UID.ExplicitVRLittleEndian, new CountingZeros(size));
            }
        });
        waitFor("the C-STORE to reach the service", 10_000, () -> slow.started.get() == 1);
        slow.gate.countDown();
        long t0 = System.nanoTime();
        Future<?> stopping = threads.submit(() -> server.stop(Duration.ofSeconds(20)));
        waitFor("the listener to close", 5_000, () -> {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return false;
            } catch (IOException e) {
                return true;
            }
        });
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.Success);
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(slow.bytesByInstance.get("1.2.3.4.6")).isEqualTo(size);
    }

    @Test
    void stop_abortsWhatIsStillOpenAfterTheGracePeriod() throws Exception {
        List<String> audit = new CopyOnWriteArrayList<>();
        DicomServer server = started(server(ServerOptions.defaults(), 10,
                (outcome, actor, source, detail) -> audit.add(outcome + " " + actor + " " + detail)));
        DicomClient client = client();
        ScuAssociation idle = client.connect(new AeAddress(TestServer.AET, "127.0.0.1", server.port()), "LINGER",
                EchoScu.contexts(), ClientOptions.defaults());
        long t0 = System.nanoTime();
        server.stop(Duration.ofMillis(500));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(took).isBetween(450L, 10_000L);
        idle.association().closeFuture().await(5, TimeUnit.SECONDS);
        assertThat(idle.association().channel().isActive()).isFalse();
        assertThat(audit).anyMatch(l -> l.startsWith("FAILURE LINGER ABORTED_LOCALLY") && l.contains("shutting down"));
    }

    // ---- idle timeout

    @Test
    void idleAssociation_isAbortedAfterTheIdleTimeout_butABusyOneIsNot() throws Exception {
        List<String> audit = new CopyOnWriteArrayList<>();
        DicomServer server = started(server(ServerOptions.defaults().withIdleTimeout(Duration.ofMillis(700)), 10,
                (outcome, actor, source, detail) -> audit.add(outcome + " " + actor + " " + detail)));
        DicomClient client = client();
        AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", server.port());

        ScuAssociation busy = client.connect(ae, "BUSY", EchoScu.contexts(), ClientOptions.defaults());
        ScuAssociation idle = client.connect(ae, "IDLE", EchoScu.contexts(), ClientOptions.defaults());
        long t0 = System.nanoTime();
        AtomicLong closedAt = new AtomicLong();
        idle.association().closeFuture().addListener(f -> closedAt.set(System.nanoTime()));
        for (int i = 0; i < 10; i++) {
            assertThat(busy.echo()).isEqualTo(Status.Success);
            Thread.sleep(200);
        }
        assertThat(idle.association().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        waitFor("the close time", 1_000, () -> closedAt.get() != 0);
        long lived = TimeUnit.NANOSECONDS.toMillis(closedAt.get() - t0);
        assertThat(lived).as("aborted after, not before, the idle timeout").isBetween(650L, 1_900L);
        assertThat(busy.association().channel().isActive()).as("2 s of echoes every 200 ms keep it open").isTrue();
        busy.release();
        waitFor("the audit of the abort", 5_000, () -> audit.stream().anyMatch(l -> l.startsWith("FAILURE IDLE")));
        assertThat(audit).anyMatch(l -> l.startsWith("FAILURE IDLE ABORTED_LOCALLY") && l.contains("idle timeout"))
                .noneMatch(l -> l.startsWith("FAILURE BUSY"));
    }
}
