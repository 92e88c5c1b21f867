package org.mip.gateway.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.EchoScu;
import org.mip.gateway.net.client.StoreScu;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.Peers;
import org.mip.gateway.testing.TcpCounters;

/**
 * DCMTK as it ships (Nagle's algorithm on: no TCP_NODELAY in its environment) writes a PDU in pieces and
 * holds the rest until the first piece is acknowledged. We acknowledge each read at once ({@link QuickAck}),
 * so no exchange waits for Linux's delayed-ACK timer. What a user would see is speed (C-ECHO, C-FIND,
 * C-STORE responses 40 ms apart without it); what is asserted here, so that no test depends on timing, is
 * the kernel's own count of ACKs it had to send late ({@code TcpExt DelayedACKs}, /proc/net/netstat):
 * without QuickAck it grew by about one per exchange (50 C-ECHOs: +50; 50 C-STOREs to storescp: +50).
 */
@Timeout(120)
class QuickAckIT {
    static final int EXCHANGES = 50;
    /** Other loopback traffic of the machine may add a few. */
    static final long TOLERATED = 10;

    @Test
    void scp_echoscuWithNagleOn_isAcknowledgedAtOnce() throws Exception {
        try (TestServer server = TestServer.start()) {
            long before = TcpCounters.delayedAcks();
            Dcmtk.Result r = Dcmtk.runWithNagle(60_000, "echoscu", "--repeat", String.valueOf(EXCHANGES),
                    "-aet", "NAGLE", "-aec", TestServer.AET, "127.0.0.1", String.valueOf(server.port()));
            long late = TcpCounters.delayedAcks() - before;
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(late).as("delayed ACKs during %d C-ECHOs from echoscu with Nagle on", EXCHANGES)
                    .isLessThan(TOLERATED);
        }
    }

    @Test
    void scu_toStorescpWithNagleOn_acknowledgesAtOnce(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        Process scp = Dcmtk.startWithNagle(dir.resolve("storescp.log"), "storescp", "--ignore", "-aet", "NAGLESCP",
                String.valueOf(port));
        try (DicomClient client = new DicomClient()) {
            AeAddress storescp = new AeAddress("NAGLESCP", "127.0.0.1", port);
            EchoScu echo = new EchoScu(client, ClientOptions.defaults(), "MIPGW");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> echo.echo(storescp, 1).success());
            List<Path> files = Collections.nCopies(EXCHANGES, Peers.pydicomFile("test_files/CT_small.dcm"));
            long before = TcpCounters.delayedAcks();
            StoreScu.Summary summary = new StoreScu(client, ClientOptions.defaults(), "MIPGW")
                    .store(storescp, files, new StoreScu.Listener() {});
            long late = TcpCounters.delayedAcks() - before;
            assertThat(summary.allSuccessful()).isTrue();
            assertThat(summary.progress().filesDone()).isEqualTo(EXCHANGES);
            assertThat(late).as("delayed ACKs during %d C-STOREs to storescp with Nagle on", EXCHANGES)
                    .isLessThan(TOLERATED);
        } finally {
            scp.destroy();
            scp.waitFor();
        }
    }
}
