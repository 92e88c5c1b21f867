package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.Peers;

/** {@code mipgw store} against DCMTK's storescp: what arrives, and what the user reads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreCommandIT {
    @TempDir
    Path tmp;

    private Process storescp;

    @AfterEach
    void stop() {
        if (storescp != null) {
            storescp.destroy();
        }
    }

    @Test
    void store_sendsEachFileInItsOwnSyntax_andSummarisesByStatus() throws Exception {
        Path bin = Peers.require("storescp", "dcmtk");
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<String> names = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "ExplVR_BigEnd.dcm");
        for (String n : names) {
            Files.copy(Peers.pydicomFile("test_files/" + n), in.resolve(n));
        }
        Files.writeString(in.resolve("notes.txt"), "not DICOM");
        Path out = Files.createDirectories(tmp.resolve("out"));
        int port = FreePorts.next();
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "+xa", "-aet", "PACS", "-od", out.toString(),
                String.valueOf(port)).redirectErrorStream(true).redirectOutput(tmp.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        storescp = pb.start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            }
        });

        Cli cli = new Cli();
        int code = cli.run("store", "-aet", "MODALITY1", "PACS@127.0.0.1:" + port, in.toString());
        assertThat(code).as("one file is not DICOM: exit 1").isEqualTo(1);
        assertThat(cli.out()).contains("5 files").contains("4  0000H Success").contains("1  not sent");
        assertThat(cli.err()).contains("FAILED  " + in.resolve("notes.txt"));
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.count()).isEqualTo(4);
        }

        Cli only = new Cli();
        assertThat(only.run("store", "PACS@127.0.0.1:" + port, in.resolve("CT_small.dcm").toString()))
                .as(only.err()).isZero();
        Cli refused = new Cli();
        assertThat(refused.run("store", "PACS@127.0.0.1:" + FreePorts.next(),
                in.resolve("CT_small.dcm").toString())).isEqualTo(1);
        assertThat(refused.err()).contains("mipgw store: PACS@127.0.0.1:");
    }
}
