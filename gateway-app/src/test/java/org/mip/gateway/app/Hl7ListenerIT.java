package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.net.server.TestPki;
import org.mip.gateway.testing.FreePorts;

/**
 * The gateway's MLLP listeners as configured: {@code hl7.tls.*} (with and without client certificates) and
 * {@code hl7.max-message-bytes}. What counts is what the sender gets back and what is booked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Hl7ListenerIT {
    @TempDir
    Path tmp;

    private RunningGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private RunningGateway start(Map<String, String> sets) throws Exception {
        return new RunningGateway(tmp, """
                mwl:
                  stations:
                    - {aet: MRI1, modality: MR, name: Mobile MRI}
                """, sets);
    }

    private boolean booked(String accession) {
        return !gw.gateway.worklist().bookings().byAccessionNumber(accession).isEmpty();
    }

    private static SSLContext client(TestPki pki, boolean withCertificate) throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(pki.caCert().toFile());
        if (withCertificate) {
            b.keyManager(pki.clientCert().toFile(), pki.clientKey().toFile());
        }
        return ((JdkSslContext) b.build()).context();
    }

    /** Sends one framed message on {@code s} and returns the answer: the ACK, or what came before the close. */
    private static String exchange(Socket s, String msg) throws IOException {
        s.setSoTimeout(10_000);
        ScriptedReferrer.frame(s.getOutputStream(), msg);
        return ScriptedReferrer.readFrame(s.getInputStream());
    }

    /** Everything the peer sends until it closes the connection (or 10 s pass): the raw bytes as ISO-8859-1. */
    private static String untilClosed(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the gateway kept the connection open for 10 s; received so far: "
                    + out.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // reset: closed as well
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tls_orderOverTlsGetsAaAndIsBooked_plainTextOnTheTlsPortGetsNoAckAndBooksNothing() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(tmp.resolve("pki")));
        int tlsPort = FreePorts.next();
        gw = start(Map.of("hl7.tls.port", String.valueOf(tlsPort), "hl7.tls.cert", pki.serverCert().toString(),
                "hl7.tls.key", pki.serverKey().toString()));

        try (SSLSocket s = (SSLSocket) client(pki, false).getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(exchange(s, ScriptedReferrer.order("T1", "TLSPAT1", "Secure^Sam", "TLS1"))).contains("MSA|AA|T1");
        }
        assertThat(booked("TLS1")).isTrue();

        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), tlsPort)) {
            ScriptedReferrer.frame(plain.getOutputStream(), ScriptedReferrer.order("T2", "TLSPAT2", "Plain^Pat", "TLS2"));
            assertThat(untilClosed(plain)).doesNotContain("MSA");
        }
        assertThat(booked("TLS2")).isFalse();
        // the plain listener is still there, and still plain
        assertThat(ScriptedReferrer.send(gw.hl7Port, ScriptedReferrer.order("T3", "TLSPAT3", "Clear^Cleo", "TLS3")))
                .contains("MSA|AA|T3");
        assertThat(gw.gateway.hl7().endpoints()).anyMatch(e -> e.startsWith("HL7 MLLP/TLS ") && e.endsWith(":" + tlsPort));
    }

    @Test
    void tlsWithTrust_clientWithoutCertificateBooksNothing_clientWithCertificateIsServed() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(tmp.resolve("pki")));
        int tlsPort = FreePorts.next();
        gw = start(Map.of("hl7.tls.port", String.valueOf(tlsPort), "hl7.tls.cert", pki.serverCert().toString(),
                "hl7.tls.key", pki.serverKey().toString(), "hl7.tls.trust", pki.caCert().toString()));

        String answer;
        try (SSLSocket s = (SSLSocket) client(pki, false).getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            // with TLS 1.3 the server's refusal may only show on the first read
            answer = exchange(s, ScriptedReferrer.order("C1", "CERTPAT1", "Anon^Andy", "CERT1"));
        } catch (IOException refused) {
            answer = null;
        }
        assertThat(answer).isNull();
        assertThat(booked("CERT1")).isFalse();

        try (SSLSocket s = (SSLSocket) client(pki, true).getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            assertThat(exchange(s, ScriptedReferrer.order("C2", "CERTPAT2", "Known^Kim", "CERT2"))).contains("MSA|AA|C2");
        }
        assertThat(booked("CERT2")).isTrue();
    }

    @Test
    void maxMessageBytes_aLongerMessageClosesTheConnectionWithoutAck_andTheNextConnectionIsServed() throws Exception {
        gw = start(Map.of("hl7.max-message-bytes", "2048"));
        String order = ScriptedReferrer.order("L1", "LONGPAT1", "Long^Lou", "LONG1");
        String tooLong = order + "NTE|1||" + "x".repeat(2048) + "\r";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.hl7Port)) {
            ScriptedReferrer.frame(s.getOutputStream(), tooLong);
            assertThat(untilClosed(s)).isEmpty();
        }
        assertThat(booked("LONG1")).isFalse();
        assertThat(order.length()).isLessThan(2048);
        assertThat(ScriptedReferrer.send(gw.hl7Port, order)).contains("MSA|AA|L1");
        assertThat(booked("LONG1")).isTrue();
    }
}
