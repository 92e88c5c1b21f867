package org.mip.gateway.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.net.ul.AssociationAudit;

/** DCMTK echoscu against our SCP: plain, TLS (with and without client certificates), max PDU sizes. */
@Timeout(60)
class EchoscuIT {

    @ParameterizedTest
    @ValueSource(ints = {4096, 16384, 131072})
    void echoscu_getsSuccessWithEachMaxPdu(int maxPdu) throws Exception {
        try (TestServer s = TestServer.start()) {
            Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-v", "--max-pdu", String.valueOf(maxPdu), "-aet", "ECHOSCU",
                    "-aec", TestServer.AET, "--repeat", "3", "127.0.0.1", String.valueOf(s.port()));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Association Accepted").contains("Received Echo Response (Success)")
                    .contains("Releasing Association");
        }
    }

    @Test
    void echoscu_withWrongCalledAe_isRejected() throws Exception {
        try (TestServer s = TestServer.start()) {
            Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-aet", "ECHOSCU", "-aec", "NOTUS", "127.0.0.1",
                    String.valueOf(s.port()));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains("Called AE Title Not Recognized");
        }
    }

    @Test
    void echoscu_notInAllowList_isRejected() throws Exception {
        try (TestServer s = TestServer.start(TlsConfig.OFF, List.of("MODALITY"), 65536, 10, AssociationAudit.NONE)) {
            Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-aet", "STRANGER", "-aec", TestServer.AET, "127.0.0.1",
                    String.valueOf(s.port()));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains("Calling AE Title Not Recognized");
        }
    }

    @Test
    void echoscu_overTls_withClientCertificate(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        TlsConfig tls = new TlsConfig(-1, pki.serverCert(), pki.serverKey(), pki.caCert());
        try (TestServer s = TestServer.startTls(tls)) {
            Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-v", "+tls", pki.clientKey().toString(),
                    pki.clientCert().toString(), "+cf", pki.caCert().toString(), "-aet", "ECHOSCU", "-aec",
                    TestServer.AET, "127.0.0.1", String.valueOf(s.server.tlsPort()));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Received Echo Response (Success)");

            Dcmtk.Result noCert = Dcmtk.run(30_000, "echoscu", "+tls", "-ic", "+cf", pki.caCert().toString(),
                    "-aet", "ECHOSCU", "-aec", TestServer.AET, "127.0.0.1", String.valueOf(s.server.tlsPort()));
            assertThat(noCert.exitCode()).as("a client without certificate is refused").isNotZero();
        }
    }

    @Test
    void echoscu_overTls_withoutClientAuthentication(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        TlsConfig tls = new TlsConfig(-1, pki.serverCert(), pki.serverKey(), null);
        try (TestServer s = TestServer.startTls(tls)) {
            Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-v", "+tls", pki.clientKey().toString(),
                    pki.clientCert().toString(), "+cf", pki.caCert().toString(), "--max-pdu", "4096", "-aet", "ECHOSCU",
                    "-aec", TestServer.AET, "127.0.0.1", String.valueOf(s.server.tlsPort()));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Received Echo Response (Success)");
        }
    }
}
