package org.mip.gateway.net.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.server.CountingStoreService;
import org.mip.gateway.net.server.Dcmtk;
import org.mip.gateway.net.server.TestPki;
import org.mip.gateway.net.server.TestServer;
import org.mip.gateway.testing.FreePorts;

/**
 * DicomClient over TLS (PS3.15 B.1): against our own TLS listener (with and without client
 * authentication) and against DCMTK {@code storescp +tls}, with throwaway openssl certificates.
 */
@Timeout(120)
class ClientTlsIT {

    static ClientOptions tls(TestPki pki, boolean withClientCert) {
        return ClientOptions.defaults().withTls(withClientCert
                ? new ClientOptions.Tls(pki.caCert(), pki.clientCert(), pki.clientKey())
                : new ClientOptions.Tls(pki.caCert(), null, null));
    }

    @Test
    void echoAndStore_toOurTlsListener_withClientCertificate(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        CountingStoreService counting = new CountingStoreService();
        TlsConfig config = new TlsConfig(-1, pki.serverCert(), pki.serverKey(), pki.caCert());
        try (TestServer s = TestServer.start(config, List.of(), 65536, 10,
                org.mip.gateway.net.ul.AssociationAudit.NONE, counting); DicomClient client = new DicomClient()) {
            AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", s.server.tlsPort());
            assertThat(new EchoScu(client, tls(pki, true), "SCU").echo(ae, 3).success()).isTrue();
            StoreScu.Summary summary = new StoreScu(client, tls(pki, true).withMaxPdu(16384), "SCU")
                    .store(ae, StoreScuIT.corpus(), new StoreScu.Listener() {});
            assertThat(summary.byStatus()).containsOnlyKeys("0000H Success");
            assertThat(counting.bytes.get()).isEqualTo(summary.progress().bytes());
        }
    }

    @Test
    void clientWithoutCertificate_isRefusedWhenTheListenerRequiresOne(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        TlsConfig config = new TlsConfig(-1, pki.serverCert(), pki.serverKey(), pki.caCert());
        try (TestServer s = TestServer.startTls(config); DicomClient client = new DicomClient()) {
            AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", s.server.tlsPort());
            assertThatThrownBy(() -> new EchoScu(client, tls(pki, false), "SCU").echo(ae, 1))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void serverCertificateNotFromTheTrustedCa_isRefused(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("a")));
        TestPki other = TestPki.create(Files.createDirectories(dir.resolve("b")));
        TlsConfig config = new TlsConfig(-1, pki.serverCert(), pki.serverKey(), null);
        try (TestServer s = TestServer.startTls(config); DicomClient client = new DicomClient()) {
            AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", s.server.tlsPort());
            assertThatThrownBy(() -> new EchoScu(client, tls(other, false), "SCU").echo(ae, 1))
                    .isInstanceOf(IOException.class);
            // and the same client trusting the right CA gets through without a client certificate
            assertThat(new EchoScu(client, tls(pki, false), "SCU").echo(ae, 1).success()).isTrue();
        }
    }

    @Test
    void echoAndStore_toDcmtkStorescpOverTls_arriveIdentical(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        int port = FreePorts.next();
        // +xa: accept every transfer syntax; -rc (default): the client must present a certificate
        Process scp = Dcmtk.start(dir.resolve("storescp.log"), "storescp", "+tls", pki.serverKey().toString(),
                pki.serverCert().toString(), "+cf", pki.caCert().toString(), "+xa", "-aet", "STORESCP", "-od",
                out.toString(), String.valueOf(port));
        try (DicomClient client = new DicomClient()) {
            StoreScuIT.awaitListening(client, port);
            AeAddress ae = new AeAddress("STORESCP", "127.0.0.1", port);
            EchoScu.Result echo = new EchoScu(client, tls(pki, true), "MIPGW").echo(ae, 2);
            assertThat(echo.statuses()).containsExactly(Status.Success, Status.Success);
            StoreScu.Summary summary = new StoreScu(client, tls(pki, true), "MIPGW")
                    .store(ae, StoreScuIT.files(StoreScuIT.DISTINCT), new StoreScu.Listener() {});
            assertThat(summary.allSuccessful()).as(summary.toString()).isTrue();
            assertThatThrownBy(() -> new EchoScu(client, tls(pki, false), "MIPGW").echo(ae, 1))
                    .as("storescp requires a client certificate").isInstanceOf(IOException.class);
        } finally {
            scp.destroy();
            scp.waitFor();
        }
        StoreScuIT.assertSameDataSets(StoreScuIT.files(StoreScuIT.DISTINCT), Files.list(out).toList());
    }
}
