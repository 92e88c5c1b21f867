package org.mip.gateway.net.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.server.CountingStoreService;
import org.mip.gateway.net.server.TestServer;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.testing.CountingZeros;

/**
 * A data set streamed by our SCU stays bounded in memory even when the association's event loop falls
 * behind (a loaded machine: the thread reading the source outruns the thread that encodes and sends).
 * The fragments are handed to the event loop as P-DATA-TF objects; unless the channel counts their real
 * size while they wait, it stays "writable" and the whole source is read into the queue (once, on a
 * loaded CI machine, a 64 MB data set that the peer had stopped reading).
 */
@Timeout(120)
class ClientBackPressureIT {

    @Test
    void stalledEventLoop_stopsTheStreamedDataSetBeforeItIsReadIntoMemory() throws Exception {
        CountingStoreService counting = new CountingStoreService();
        ExecutorService threads = Executors.newCachedThreadPool();
        try (TestServer server = TestServer.start(counting);
             DicomClient client = new DicomClient(1, AssociationAudit.NONE)) {
            AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", server.port());
            ScuAssociation as = client.connect(ae, "STALLED", List.of(
                    new PresentationContextRq(1, UID.CTImageStorage, UID.ExplicitVRLittleEndian)),
                    ClientOptions.defaults());
            // Hold the association's event loop: nothing it was handed is encoded or written meanwhile.
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            as.association().channel().eventLoop().execute(() -> {
                stalled.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            long size = 64L << 20;
            CountingZeros source = new CountingZeros(size);
            Future<DimseResponse> result = threads.submit(
                    () -> as.store(UID.CTImageStorage, "1.2.826.0.1.3680043.2.1143.77", UID.ExplicitVRLittleEndian,
                            source));
            await().atMost(Duration.ofSeconds(30)).until(() -> source.consumed() > 0);
            long stopped = CountingZeros.untilStill(List.of(source))[0];
            // The channel's high-water mark is 64 KiB; the writer reads one chunk ahead of the fragment it
            // waits to send. Without the P-DATA-TF size estimate the whole 64 MiB was read here.
            assertThat(stopped).as("bytes read from the source while the event loop was stalled")
                    .isPositive().isLessThanOrEqualTo(1L << 20);
            assertThat(result).isNotDone();

            release.countDown();
            assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(Status.Success);
            assertThat(source.consumed()).isEqualTo(size);
            assertThat(counting.bytesByInstance).containsEntry("1.2.826.0.1.3680043.2.1143.77", size);
            as.release();
        } finally {
            threads.shutdownNow();
        }
    }
}
