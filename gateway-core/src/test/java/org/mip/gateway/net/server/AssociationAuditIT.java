package org.mip.gateway.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.EchoScu;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.net.ul.AssociationRejectedException;
import org.mip.gateway.testing.TestDatabases;

/**
 * {@link AssociationAudit#to} writes DICOM_ASSOCIATION rows into a real database (the core
 * migrations' {@code audit_event}) for accepted, released and rejected associations, off the event loop.
 */
@Timeout(90)
class AssociationAuditIT {
    @TempDir
    Path tmp;

    private DbConfig pg;
    private final ExecutorService auditWriter = Executors.newSingleThreadExecutor();

    static Stream<String> engines() {
        return Stream.of("h2", "postgresql");
    }

    private DbConfig config(String engine) {
        if (engine.equals("h2")) {
            return TestDatabases.h2(tmp);
        }
        pg = TestDatabases.postgres();
        return pg;
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        auditWriter.shutdown();
        auditWriter.awaitTermination(10, TimeUnit.SECONDS);
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void acceptedReleasedAndRejectedAssociations_areAuditedInTheDatabase(String engine) throws Exception {
        try (Database db = Database.open(config(engine))) {
            db.migrate("core");
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            AssociationAudit audit = AssociationAudit.to(log, auditWriter);
            try (TestServer s = TestServer.start(TlsConfig.OFF, List.of("MODALITY"), 65536, 10, audit);
                    DicomClient client = new DicomClient()) {
                AeAddress ours = new AeAddress(TestServer.AET, "127.0.0.1", s.port());
                assertThat(new EchoScu(client, ClientOptions.defaults(), "MODALITY").echo(ours, 1).success()).isTrue();
                assertThatThrownBy(() -> new EchoScu(client, ClientOptions.defaults(), "STRANGER").echo(ours, 1))
                        .isInstanceOf(AssociationRejectedException.class);
                assertThatThrownBy(() -> new EchoScu(client, ClientOptions.defaults(), "MODALITY")
                        .echo(new AeAddress("NOTUS", "127.0.0.1", s.port()), 1))
                        .isInstanceOf(AssociationRejectedException.class);
                Dcmtk.Result r = Dcmtk.run(30_000, "echoscu", "-aet", "MODALITY", "-aec", TestServer.AET, "127.0.0.1",
                        String.valueOf(s.port()));
                assertThat(r.exitCode()).as(r.output()).isZero();
            }
            auditWriter.shutdown();
            assertThat(auditWriter.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            List<AuditEvent> rows = log.latest(100).stream()
                    .filter(e -> e.action().equals(AssociationAudit.ACTION)).toList();
            // Each accepted association: SUCCESS "accepted ..." then SUCCESS "RELEASED ..." (server side).
            assertThat(rows).filteredOn(e -> e.outcome() == AuditEvent.Outcome.SUCCESS
                    && e.detail().startsWith("accepted to MIPGW")).hasSize(2)
                    .allSatisfy(e -> {
                        assertThat(e.actor()).isEqualTo("MODALITY");
                        assertThat(e.source()).contains("127.0.0.1");
                        assertThat(e.detail()).contains("1.2.840.10008.1.1");
                    });
            assertThat(rows).filteredOn(e -> e.outcome() == AuditEvent.Outcome.SUCCESS
                    && e.detail().startsWith("RELEASED")).hasSize(2);
            assertThat(rows).filteredOn(e -> e.outcome() == AuditEvent.Outcome.REJECTED)
                    .extracting(AuditEvent::actor, AuditEvent::detail)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("STRANGER",
                                    "rejected, called MIPGW: calling AE title 'STRANGER' is not allowed"),
                            org.assertj.core.groups.Tuple.tuple("MODALITY",
                                    "rejected, called NOTUS: called AE title 'NOTUS' is not ours"));
            assertThat(rows).allSatisfy(e -> assertThat(e.occurredAt()).isNotNull());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void auditFailures_doNotDisturbAssociations(String engine) throws Exception {
        Database db = Database.open(config(engine));
        db.migrate("core");
        AuditLog log = new AuditLog(db, Clock.systemUTC());
        db.close(); // every write now fails: logged, the association is unaffected
        try (TestServer s = TestServer.start(TlsConfig.OFF, List.of(), 65536, 10, AssociationAudit.to(log, auditWriter));
                DicomClient client = new DicomClient()) {
            AeAddress ours = new AeAddress(TestServer.AET, "127.0.0.1", s.port());
            assertThat(new EchoScu(client, ClientOptions.defaults(), "MODALITY").echo(ours, 2).success()).isTrue();
        }
    }
}
