package org.mip.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private static GatewayConfig load(Path file, Map<String, String> sets, Map<String, String> env) {
        return new ConfigLoader(file, sets, env).load();
    }

    private Path yaml(String text) throws IOException {
        Path f = tmp.resolve("gateway-" + System.nanoTime() + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    private static ConfigException failure(Path file, Map<String, String> sets, Map<String, String> env) {
        try {
            load(file, sets, env);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("configuration was accepted");
    }

    @Test
    void defaults_matchTheContract() {
        GatewayConfig c = load(null, Map.of(), Map.of());
        Path data = Path.of("./data").toAbsolutePath().normalize();
        assertThat(c.data().dir()).isEqualTo(data);
        assertThat(c.db().url()).isEqualTo("jdbc:h2:file:" + data + "/db/mipgw");
        assertThat(c.dicom().aet()).isEqualTo("MIPGW");
        assertThat(c.dicom().host()).isEqualTo("0.0.0.0");
        assertThat(c.dicom().port()).isEqualTo(11112);
        assertThat(c.dicom().tls().enabled()).isFalse();
        assertThat(c.dicom().allowedCallingAets()).isEmpty();
        assertThat(c.dicom().maxPdu()).isEqualTo(65536);
        assertThat(c.storage().archiveDir()).isEqualTo(data.resolve("archive"));
        assertThat(c.storage().onDuplicate()).isEqualTo(StorageConfig.OnDuplicate.KEEP_BOTH);
        assertThat(c.storage().forward()).isEmpty();
        assertThat(c.storage().commitmentPeers()).isEmpty();
        assertThat(c.mwl().stations()).isEmpty();
        assertThat(c.hl7().host()).isEqualTo("0.0.0.0");
        assertThat(c.hl7().port()).isEqualTo(2575);
        assertThat(c.hl7().referrers()).isEmpty();
        assertThat(c.hl7().maxMessageBytes()).isEqualTo(1_048_576);
        assertThat(c.hl7().outbox()).isEqualTo(new Hl7Config.Outbox(Duration.ofSeconds(30), Duration.ofMillis(5000),
                Duration.ofMinutes(10), Duration.ofMinutes(15)));
        assertThat(c.hl7().outbox()).isEqualTo(Hl7Config.Outbox.DEFAULTS);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void precedence_isSetThenEnvironmentThenFileThenDefaults() throws IOException {
        Path f = yaml("dicom:\n  port: 104\n  aet: FILEAE\nhl7:\n  port: 3000\n");
        Map<String, String> env = Map.of("MIPGW_DICOM_PORT", "2104", "MIPGW_DICOM_AET", "ENVAE");
        GatewayConfig c = load(f, Map.of("dicom.port", "3104"), env);
        assertThat(c.dicom().port()).isEqualTo(3104);
        assertThat(c.dicom().aet()).isEqualTo("ENVAE");
        assertThat(c.hl7().port()).isEqualTo(3000);
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void dataDir_isSubstitutedIntoDependentDefaults() {
        GatewayConfig c = load(null, Map.of("data.dir", tmp.toString()), Map.of());
        assertThat(c.storage().archiveDir()).isEqualTo(tmp.resolve("archive"));
        assertThat(c.db().url()).isEqualTo("jdbc:h2:file:" + tmp + "/db/mipgw");
    }

    @Test
    void environmentNames_turnDotsAndDashesIntoUnderscores() {
        GatewayConfig c = load(null, Map.of(), Map.of("MIPGW_DICOM_ALLOWED_CALLING_AETS", "MRI1, US1",
                "MIPGW_STORAGE_ON_DUPLICATE", "reject"));
        assertThat(c.dicom().allowedCallingAets()).containsExactly("MRI1", "US1");
        assertThat(c.storage().onDuplicate()).isEqualTo(StorageConfig.OnDuplicate.REJECT);
    }

    @Test
    void port_outsideRange_namesKeyValueAndRule() {
        ConfigException e = failure(null, Map.of("dicom.port", "99999"), Map.of());
        assertThat(e.getMessage()).contains("dicom.port").contains("99999").contains("1 to 65535");
        assertThat(failure(null, Map.of("http.port", "0"), Map.of()).getMessage()).contains("http.port");
        assertThat(failure(null, Map.of("hl7.port", "abc"), Map.of()).getMessage()).contains("hl7.port = 'abc'");
    }

    @Test
    void aeTitle_longerThan16Characters_isRejected() throws IOException {
        ConfigException e = failure(yaml("dicom:\n  aet: \"TOO_LONG_AE_TITLE_X\"\n"), Map.of(), Map.of());
        assertThat(e.getMessage()).contains("dicom.aet").contains("TOO_LONG_AE_TITLE_X").contains("16 characters");
    }

    @Test
    void aeTitle_withBackslashControlCharacterOrOnlySpaces_isRejected() {
        assertThat(failure(null, Map.of("dicom.aet", "MR\\1"), Map.of()).getMessage()).contains("backslash");
        assertThat(failure(null, Map.of("dicom.aet", "MR\u001b1"), Map.of()).getMessage()).contains("control");
        assertThat(failure(null, Map.of("dicom.aet", "   "), Map.of()).getMessage()).contains("must not be empty");
        assertThat(failure(null, Map.of("dicom.allowed-calling-aets", "OK,BAD\\AE"), Map.of()).getMessage())
                .contains("dicom.allowed-calling-aets").contains("BAD\\AE");
    }

    @Test
    void aeTitle_surroundingSpacesAreNotSignificant() {
        assertThat(load(null, Map.of("dicom.aet", "  MIPGW2 "), Map.of()).dicom().aet()).isEqualTo("MIPGW2");
    }

    @Test
    void enumValue_unknown_listsTheAllowedValues() {
        ConfigException e = failure(null, Map.of("storage.on-duplicate", "delete"), Map.of());
        assertThat(e.getMessage()).contains("storage.on-duplicate = 'delete'")
                .contains("keep-both, overwrite, reject");
    }

    @Test
    void tlsFiles_thatCannotBeRead_areNamed() throws IOException {
        ConfigException missing = failure(null, Map.of("dicom.tls.port", "2762",
                "dicom.tls.cert", tmp.resolve("nope.pem").toString()), Map.of());
        assertThat(missing.getMessage()).contains("dicom.tls.cert").contains("file not found")
                .contains("dicom.tls.key").contains("required");

        Path cert = Files.writeString(tmp.resolve("cert.pem"), "x");
        Path key = Files.writeString(tmp.resolve("key.pem"), "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(key);
        GatewayConfig ok = load(null, Map.of("hl7.tls.port", "2576", "hl7.tls.cert", cert.toString(),
                "hl7.tls.key", cert.toString()), Map.of());
        assertThat(ok.hl7().tls().enabled()).isTrue();
        assertThat(ok.hl7().tls().clientAuth()).isFalse();
        if (!root) { // root reads anything: the permission rule can only be seen as another user
            assertThat(failure(null, Map.of("hl7.tls.port", "2576", "hl7.tls.cert", cert.toString(),
                    "hl7.tls.key", key.toString()), Map.of()).getMessage()).contains("cannot be read");
        }
    }

    @Test
    void unknownKeyInFile_isRejectedWithASuggestion() throws IOException {
        ConfigException e = failure(yaml("dicom:\n  prot: 104\n"), Map.of(), Map.of());
        assertThat(e.getMessage()).contains("dicom.prot").contains("unknown key").contains("did you mean 'dicom.port'");
        assertThat(failure(yaml("forward:\n  - {aet: PACS, host: h, port: 104, tls: yes}\n"), Map.of(), Map.of())
                .getMessage()).contains("forward.tls").contains("unknown key");
    }

    @Test
    void unknownSetKey_andListGivenToSet_areRejected() {
        assertThat(failure(null, Map.of("dicom.ae", "X"), Map.of()).getMessage())
                .contains("dicom.ae").contains("did you mean 'dicom.aet'");
        assertThat(failure(null, Map.of("hl7.referrers", "x"), Map.of()).getMessage())
                .contains("hl7.referrers").contains("configuration file");
    }

    @Test
    void hl7OutboxAndMessageSize_areReadFromSetEnvironmentAndFile() throws IOException {
        Path f = yaml("hl7:\n  max-message-bytes: 65536\n  outbox:\n    ack-timeout-seconds: 2\n"
                + "    urgent-alert-after-seconds: 60\n");
        GatewayConfig c = load(f, Map.of("hl7.outbox.initial-backoff-ms", "100"),
                Map.of("MIPGW_HL7_OUTBOX_MAX_BACKOFF_SECONDS", "3"));
        assertThat(c.hl7().maxMessageBytes()).isEqualTo(65536);
        assertThat(c.hl7().outbox()).isEqualTo(new Hl7Config.Outbox(Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofSeconds(3), Duration.ofSeconds(60)));
        assertThat(ConfigPrinter.print(c)).contains("hl7.max-message-bytes: 65536")
                .contains("hl7.outbox.ack-timeout-seconds: 2").contains("hl7.outbox.initial-backoff-ms: 100");
    }

    @Test
    void hl7OutboxAndMessageSize_outOfRange_nameKeyValueAndRule() {
        assertThat(failure(null, Map.of("hl7.outbox.ack-timeout-seconds", "0"), Map.of()).getMessage())
                .contains("hl7.outbox.ack-timeout-seconds = '0'").contains("from 1 to 3600");
        assertThat(failure(null, Map.of("hl7.outbox.initial-backoff-ms", "5s"), Map.of()).getMessage())
                .contains("hl7.outbox.initial-backoff-ms = '5s'").contains("milliseconds from 10 to 3600000");
        assertThat(failure(null, Map.of("hl7.outbox.urgent-alert-after-seconds", "-1"), Map.of()).getMessage())
                .contains("hl7.outbox.urgent-alert-after-seconds = '-1'").contains("from 1 to 604800");
        assertThat(failure(null, Map.of("hl7.max-message-bytes", "100"), Map.of()).getMessage())
                .contains("hl7.max-message-bytes = '100'").contains("bytes from 1024 to 67108864");
        assertThat(failure(null, Map.of("hl7.outbox.max-backoff-seconds", "99999"), Map.of()).getMessage())
                .contains("hl7.outbox.max-backoff-seconds = '99999'").contains("from 1 to 86400");
    }

    @Test
    void hl7OutboxMaxBackoff_belowTheInitialBackoff_isRejectedNamingBoth() {
        ConfigException e = failure(null, Map.of("hl7.outbox.initial-backoff-ms", "10000",
                "hl7.outbox.max-backoff-seconds", "5"), Map.of());
        assertThat(e.getMessage()).contains("hl7.outbox.max-backoff-seconds = '5'")
                .contains("must not be shorter than hl7.outbox.initial-backoff-ms (10000 ms)");
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void twoListenersOnOnePort_areRejected() {
        ConfigException e = failure(null, Map.of("hl7.port", "11112"), Map.of());
        assertThat(e.getMessage()).contains("hl7.port = '11112'").contains("dicom.port");
        // different specific addresses may share a port number
        GatewayConfig c = load(null, Map.of("hl7.host", "127.0.0.2", "hl7.port", "8080"), Map.of());
        assertThat(c.hl7().port()).isEqualTo(c.http().port());
    }

    @Test
    void objectLists_areReadFromTheFile() throws IOException {
        GatewayConfig c = load(yaml("""
                forward:
                  - {aet: ORTHANC, host: 127.0.0.1, port: 4242}
                mwl:
                  stations:
                    - {aet: MRI_MOBILE1, modality: MR, name: Mobile MRI}
                    - {aet: US_CLINIC, modality: US, name: Ultrasound}
                hl7:
                  allowed-senders: [TRUST_A, MSK]
                  referrers:
                    - id: trust-a
                      facility: TRUST_A
                      host: 10.1.2.3
                      port: 6661
                      version: "2.3"
                """), Map.of(), Map.of());
        assertThat(c.storage().forward()).containsExactly(new StorageConfig.ForwardDestination("ORTHANC", "127.0.0.1", 4242));
        assertThat(c.mwl().stationFor("US")).map(MwlConfig.Station::aet).contains("US_CLINIC");
        assertThat(c.hl7().allowedSenders()).containsExactly("TRUST_A", "MSK");
        assertThat(c.hl7().referrerForFacility("TRUST_A")).contains(
                new Hl7Config.Referrer("trust-a", "TRUST_A", "10.1.2.3", 6661, "2.3"));
    }

    @Test
    void objectListErrors_nameTheEntry() throws IOException {
        ConfigException e = failure(yaml("""
                hl7:
                  referrers:
                    - {id: a, facility: A, host: h, port: 1}
                    - {id: a, facility: B, host: h, port: 70000, version: "3.0"}
                mwl:
                  stations:
                    - {aet: MR1, modality: mr}
                """), Map.of(), Map.of());
        assertThat(e.problems()).extracting(ConfigException.Problem::key).contains(
                "hl7.referrers[1].port", "hl7.referrers[1].version", "hl7.referrers[1].id", "mwl.stations[0].modality");
    }

    @Test
    void commitmentPeers_areReadFromTheStorageSection_nestedOrFlat() throws IOException {
        GatewayConfig c = load(yaml("""
                storage:
                  on-duplicate: reject
                  commitment-peers:
                    - {aet: CT1, host: 10.0.0.7, port: 104}
                    - aet: US_CLINIC
                      host: us.example
                      port: 11112
                """), Map.of(), Map.of());
        assertThat(c.storage().commitmentPeers()).containsExactly(
                new StorageConfig.CommitmentPeer("CT1", "10.0.0.7", 104),
                new StorageConfig.CommitmentPeer("US_CLINIC", "us.example", 11112));
        assertThat(c.storage().onDuplicate()).isEqualTo(StorageConfig.OnDuplicate.REJECT);
        GatewayConfig flat = load(yaml("storage.commitment-peers:\n  - {aet: CT1, host: h, port: 104}\n"),
                Map.of(), Map.of());
        assertThat(flat.storage().commitmentPeers()).containsExactly(new StorageConfig.CommitmentPeer("CT1", "h", 104));
        assertThat(ConfigPrinter.print(c)).contains("storage.commitment-peers:\n  - {aet: CT1, host: 10.0.0.7, port: 104}");
    }

    @Test
    void commitmentPeerErrors_nameTheEntryFieldAndValue() throws IOException {
        ConfigException e = failure(yaml("""
                storage:
                  commitment-peers:
                    - {aet: CT1, host: 10.0.0.7, port: 104}
                    - {aet: CT1, host: "", port: 70000}
                    - {aet: A_TITLE_OF_20_CHARS, host: h, port: 104}
                """), Map.of(), Map.of());
        assertThat(e.problems()).extracting(ConfigException.Problem::key).containsExactlyInAnyOrder(
                "storage.commitment-peers[1].host", "storage.commitment-peers[1].port",
                "storage.commitment-peers[1].aet", "storage.commitment-peers[2].aet");
        assertThat(e.getMessage()).contains("storage.commitment-peers[1].port = '70000'")
                .contains("must be a port number from 1 to 65535")
                .contains("storage.commitment-peers[1].aet = 'CT1'").contains("another commitment peer already has")
                .contains("storage.commitment-peers[2].aet = 'A_TITLE_OF_20_CHARS'").contains("at most 16 characters");
        assertThat(failure(yaml("storage:\n  commitment-peers:\n    - {aet: CT1, host: h, port: 104, tls: yes}\n"),
                Map.of(), Map.of()).getMessage()).contains("storage.commitment-peers.tls").contains("unknown key");
        assertThat(failure(null, Map.of("storage.commitment-peers", "CT1@h:104"), Map.of()).getMessage())
                .contains("storage.commitment-peers").contains("is a list of entries");
    }

    @Test
    void flatKeysInYaml_meanTheSameAsNestedOnes() throws IOException {
        GatewayConfig c = load(yaml("dicom.port: 4104\nhttp:\n  port: 9090\n"), Map.of(), Map.of());
        assertThat(c.dicom().port()).isEqualTo(4104);
        assertThat(c.http().port()).isEqualTo(9090);
    }

    @Test
    void missingOrMalformedFile_isReported() throws IOException {
        assertThat(failure(tmp.resolve("absent.yaml"), Map.of(), Map.of()).getMessage())
                .contains("--config").contains("absent.yaml").contains("file not found");
        assertThat(failure(yaml("dicom: [unclosed\n"), Map.of(), Map.of()).getMessage()).contains("not valid YAML");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        ConfigException e = failure(null, Map.of("dicom.port", "-1", "http.port", "x", "dicom.max-pdu", "10"), Map.of());
        assertThat(e.problems()).extracting(ConfigException.Problem::key)
                .containsExactlyInAnyOrder("dicom.port", "http.port", "dicom.max-pdu");
    }

    @Test
    void parseSets_requiresKeyEqualsValue() {
        assertThat(ConfigLoader.parseSets(List.of("a.b=c=d"))).containsEntry("a.b", "c=d");
        assertThatThrownBy(() -> ConfigLoader.parseSets(List.of("novalue")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key=value");
    }

    @Test
    void printer_masksSecretsAndShowsEffectiveValues() {
        GatewayConfig c = load(null, Map.of("db.password", "s3cret", "dicom.allowed-calling-aets", "A,B"), Map.of());
        String text = ConfigPrinter.print(c);
        assertThat(text).doesNotContain("s3cret").contains("db.password: ******")
                .contains("dicom.aet: MIPGW").contains("dicom.allowed-calling-aets: [A, B]")
                .contains("dicom.tls.port: off").contains("forward: []")
                .contains("storage.commitment-peers: []");
    }

    private static final String HASH = "pbkdf2-sha256:210000:c2FsdHNhbHRzYWx0c2FsdA==:"
            + "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";

    @Test
    void http_defaultsToLoopbackWithoutTlsOrUsers_andSyslogOff() {
        GatewayConfig c = load(null, Map.of(), Map.of());
        assertThat(c.http().loopback()).isTrue();
        assertThat(c.http().tls()).isFalse();
        assertThat(c.http().users()).isEmpty();
        assertThat(c.audit().syslog().enabled()).isFalse();
    }

    @Test
    void http_boundElsewhereWithoutTlsAndUsers_isRefusedNamingTheKeys() {
        ConfigException e = failure(null, Map.of("http.host", "0.0.0.0"), Map.of());
        assertThat(e.getMessage()).contains("http.host = '0.0.0.0'").contains("http.tls.cert").contains("http.tls.key")
                .contains("http.users");
        assertThat(HttpConfig.isLoopback("127.0.0.2")).isTrue();
        assertThat(HttpConfig.isLoopback("[::1]")).isTrue();
        assertThat(HttpConfig.isLoopback("10.0.0.1")).isFalse();
    }

    @Test
    void http_usersAndTls_areReadFromTheFileAndMaskedWhenPrinted() throws IOException {
        Path cert = Files.writeString(tmp.resolve("http-cert.pem"), "x");
        Path f = yaml("http:\n  host: 0.0.0.0\n  tls:\n    cert: " + cert + "\n    key: " + cert + "\n  users:\n"
                + "    - {name: ann, password-hash: \"" + HASH + "\", role: admin}\n"
                + "    - {name: vic, password-hash: \"" + HASH + "\"}\n");
        GatewayConfig c = load(f, Map.of(), Map.of());
        assertThat(c.http().tls()).isTrue();
        assertThat(c.http().users()).extracting(HttpConfig.User::name).containsExactly("ann", "vic");
        assertThat(c.http().user("ann").orElseThrow().role()).isEqualTo(HttpConfig.Role.ADMIN);
        assertThat(c.http().user("vic").orElseThrow().role()).isEqualTo(HttpConfig.Role.VIEWER);
        assertThat(c.http().user("ann").orElseThrow().passwordHash().value()).isEqualTo(HASH);
        String printed = ConfigPrinter.print(c);
        assertThat(printed).contains("name: ann").doesNotContain(HASH).contains("role: admin");
        assertThat(HttpConfig.Role.ADMIN.includes(HttpConfig.Role.OPERATOR)).isTrue();
        assertThat(HttpConfig.Role.VIEWER.includes(HttpConfig.Role.OPERATOR)).isFalse();
    }

    @Test
    void http_userErrors_nameTheEntry() throws IOException {
        Path f = yaml("http:\n  users:\n    - {name: ann, password-hash: secret, role: boss}\n"
                + "    - {name: ann, password-hash: \"" + HASH + "\", role: viewer}\n");
        ConfigException e = failure(f, Map.of(), Map.of());
        assertThat(e.getMessage()).contains("http.users[0].password-hash").doesNotContain("= 'secret'")
                .contains("http.users[0].role = 'boss'").contains("viewer, operator, admin")
                .contains("http.users[1].name = 'ann'");
        assertThat(failure(null, Map.of("http.tls.cert", tmp.resolve("nope.pem").toString()), Map.of()).getMessage())
                .contains("http.tls.cert").contains("file not found").contains("http.tls.key");
    }

    @Test
    void auditSyslog_keys() {
        GatewayConfig c = load(null, Map.of("audit.syslog.host", "logs.example", "audit.syslog.protocol", "tcp",
                "audit.syslog.port", "6514"), Map.of());
        assertThat(c.audit().syslog()).isEqualTo(new AuditConfig.Syslog("logs.example", 6514, AuditConfig.Protocol.TCP));
        assertThat(ConfigPrinter.print(c)).contains("audit.syslog.host: logs.example").contains("audit.syslog.protocol: tcp");
        assertThat(failure(null, Map.of("audit.syslog.host", "x", "audit.syslog.protocol", "tls"), Map.of())
                .getMessage()).contains("audit.syslog.protocol = 'tls'").contains("udp, tcp");
    }
}
