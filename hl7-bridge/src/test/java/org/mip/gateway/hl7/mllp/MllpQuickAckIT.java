package org.mip.gateway.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.testing.TcpCounters;

/**
 * An HL7 peer that leaves Nagle's algorithm on (a Java socket's default) and writes the MLLP start block,
 * the message and the end block one by one, as some engines do: its second piece waits until the first is
 * acknowledged. Our MLLP server and client acknowledge each read at once (QuickAck), so no exchange waits
 * for Linux's delayed-ACK timer; asserted through the kernel's count of late ACKs ({@code TcpExt
 * DelayedACKs}), which grew by one per message without it, so that nothing here depends on timing.
 */
@Timeout(60)
class MllpQuickAckIT {
    static final int MESSAGES = 50;
    /** Other loopback traffic of the machine may add a few. */
    static final long TOLERATED = 10;

    static String message(int i) {
        return "MSH|^~\\&|RIS|HOSP_A|MIPGW|MIP|20261127120000||ADT^A08^ADT_A01|CTRL" + i + "|P|2.5\r"
                + "EVN|A08|20261127120000\rPID|1||PAT" + i + "^^^HOSP_A^MR||DOE^JOHN||19700101|M\r";
    }

    /** MSH-10 of an ER7 message. */
    static String controlId(String er7) {
        return er7.substring(0, er7.indexOf('\r')).split("\\|", -1)[9];
    }

    static byte[] ack(String controlId) {
        return ("MSH|^~\\&|MIPGW|MIP|RIS|HOSP_A|20261127120000||ACK|A" + controlId + "|P|2.5\rMSA|AA|" + controlId
                + "\r").getBytes(StandardCharsets.ISO_8859_1);
    }

    static String readFrame(InputStream in) throws IOException {
        return new String(MllpClient.readFrame(in, 1 << 20), StandardCharsets.ISO_8859_1);
    }

    /** Writes a frame in three pieces, each flushed: start block, content, end block and CR. */
    static void writeInPieces(OutputStream out, byte[] content) throws IOException {
        out.write(MllpFrameDecoder.VT);
        out.flush();
        out.write(content);
        out.flush();
        out.write(new byte[] {MllpFrameDecoder.FS, MllpFrameDecoder.CR});
        out.flush();
    }

    @Test
    void server_senderWritingFramesInPiecesWithNagleOn_isAcknowledgedAtOnce() throws Exception {
        MllpServer server = new MllpServer(new Hl7Config("127.0.0.1", 0, TlsConfig.OFF, List.of(), List.of()),
                (frame, remote) -> ack(controlId(new String(frame, StandardCharsets.ISO_8859_1))));
        server.start();
        try (Socket sender = new Socket("127.0.0.1", server.port())) {
            assertThat(sender.getTcpNoDelay()).as("Nagle on").isFalse();
            InputStream in = sender.getInputStream();
            OutputStream out = sender.getOutputStream();
            long before = TcpCounters.delayedAcks();
            for (int i = 0; i < MESSAGES; i++) {
                writeInPieces(out, message(i).getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readFrame(in)).contains("MSA|AA|CTRL" + i + "\r");
            }
            long late = TcpCounters.delayedAcks() - before;
            assertThat(late).as("delayed ACKs during %d messages sent in pieces with Nagle on", MESSAGES)
                    .isLessThan(TOLERATED);
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void client_referrerWritingAcksInPiecesWithNagleOn_isAcknowledgedAtOnce() throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Integer> referrer = threads.submit(() -> {
                int answered = 0;
                try (Socket c = listener.accept()) {
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    while (answered < MESSAGES) {
                        writeInPieces(out, ack(controlId(readFrame(in))));
                        answered++;
                    }
                }
                return answered;
            });
            MllpClient client = new MllpClient("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(5), 1 << 20);
            try {
                long before = TcpCounters.delayedAcks();
                for (int i = 0; i < MESSAGES; i++) {
                    MllpClient.Ack a = client.exchange(message(i).getBytes(StandardCharsets.ISO_8859_1), "CTRL" + i,
                            Duration.ofSeconds(10));
                    assertThat(a.code()).isEqualTo("AA");
                    assertThat(a.controlId()).isEqualTo("CTRL" + i);
                }
                long late = TcpCounters.delayedAcks() - before;
                assertThat(late).as("delayed ACKs during %d ACKs received in pieces with Nagle on", MESSAGES)
                        .isLessThan(TOLERATED);
            } finally {
                client.close();
            }
            assertThat(referrer.get(10, TimeUnit.SECONDS)).isEqualTo(MESSAGES);
        } finally {
            threads.shutdownNow();
        }
    }
}
