package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.FreePorts;

/**
 * {@code GET /metrics} before and after a workload (C-ECHO accepted and rejected, an HL7 order, a DCMTK
 * {@code findscu -W} worklist query, a DCMTK {@code storescu} C-STORE of the ordered study, two reports of
 * which one cannot be delivered): each named meter of the issue moves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsIT {
    @TempDir
    Path tmp;

    private ScriptedReferrer referrer;
    private RunningGateway gw;

    @BeforeEach
    void start() throws Exception {
        referrer = new ScriptedReferrer();
        int down = FreePorts.next(); // nobody listens: its reports stay pending
        gw = new RunningGateway(tmp, """
                hl7:
                  referrers:
                    - {id: trust-a, facility: TRUST_A, host: 127.0.0.1, port: %d, version: "2.4"}
                    - {id: trust-down, facility: TRUST_DOWN, host: 127.0.0.1, port: %d, version: "2.4"}
                mwl:
                  stations:
                    - {aet: MRI1, modality: MR, name: Mobile MRI}
                """.formatted(referrer.port(), down), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
        referrer.close();
    }

    @Test
    void scrape_showsJvmAndGatewayMeters_andEachMovesWithTheWorkload() throws Exception {
        var first = gw.send("GET", "/metrics", null, (String) null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String before = first.body();
        for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds",
                "mipgw_dicom_store_seconds_count", "mipgw_dicom_store_bytes_count", "mipgw_dicom_find_seconds_count",
                "mipgw_archive_fsync_seconds_count", "mipgw_archive_index_commit_seconds_count",
                "mipgw_archive_index_group_instances_count", "mipgw_hl7_outbox_pending", "mipgw_hl7_outbox_urgent_pending",
                "mipgw_hl7_outbox_oldest_pending_age_seconds"}) {
            assertThat(before).as(jvm).contains(jvm);
        }

        Cli echo = new Cli();
        assertThat(echo.run("echo", "MIPGW@127.0.0.1:" + gw.dicomPort)).as(echo.err()).isZero();
        Cli rejected = new Cli();
        assertThat(rejected.run("echo", "NOTUS@127.0.0.1:" + gw.dicomPort)).isEqualTo(1);
        assertThat(ScriptedReferrer.send(gw.hl7Port, ScriptedReferrer.order("M1", "NHS1", "Doe^Jane", "ACC1")))
                .contains("MSA|AA|M1");
        assertThat(Modality.findscu(tmp.resolve("find"), gw.dicomPort, "MRI1", "AccessionNumber", "PatientID",
                "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MRI1"))
                .extracting(r -> r.getString(org.mip.gateway.dicom.data.Tag.AccessionNumber)).containsExactly("ACC1");
        Path image = Modality.image(tmp.resolve("images"), "ACC1", "NHS1", "Doe^Jane", java.time.LocalDate.now());
        Modality.storescu(tmp.resolve("store"), gw.dicomPort, "MRI1", image);
        assertThat(gw.send("POST", "/api/v1/reports", "application/json",
                "{\"accessionNumber\":\"ACC1\",\"status\":\"F\",\"text\":\"Normal.\"}").statusCode()).isEqualTo(202);
        assertThat(gw.send("POST", "/api/v1/reports", "application/json",
                "{\"accessionNumber\":\"ACC1\",\"status\":\"F\",\"text\":\"Bleed.\",\"urgent\":true,"
                        + "\"referrer\":\"trust-down\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> referrer.received.size() == 1);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String after = gw.send("GET", "/metrics", null, (String) null).body();
            // echo, findscu, storescu
            assertThat(value(after, "mipgw_dicom_associations_total", "outcome=\"accepted\""))
                    .isEqualTo(value(before, "mipgw_dicom_associations_total", "outcome=\"accepted\"") + 3);
            // C-STORE: one success, its data set bytes (MR_small's Pixel Data alone is 64 x 64 x 2), its latency
            assertThat(value(after, "mipgw_dicom_store_seconds_count", "outcome=\"success\""))
                    .isEqualTo(value(before, "mipgw_dicom_store_seconds_count", "outcome=\"success\"") + 1);
            assertThat(value(after, "mipgw_dicom_store_seconds_sum", "outcome=\"success\""))
                    .isGreaterThan(value(before, "mipgw_dicom_store_seconds_sum", "outcome=\"success\""));
            assertThat(value(after, "mipgw_dicom_store_bytes_count", "")).isEqualTo(1);
            assertThat(value(after, "mipgw_dicom_store_bytes_sum", "")).isBetween(8192.0, (double) Files.size(image));
            // C-FIND: one worklist query answered, its latency
            assertThat(value(after, "mipgw_dicom_find_seconds_count", "outcome=\"success\""))
                    .isEqualTo(value(before, "mipgw_dicom_find_seconds_count", "outcome=\"success\"") + 1);
            assertThat(value(after, "mipgw_dicom_find_seconds_sum", "outcome=\"success\"")).isGreaterThan(0);
            // the stored file's sync and its folders' before the index commit
            assertThat(value(after, "mipgw_archive_fsync_seconds_count", ""))
                    .isGreaterThanOrEqualTo(value(before, "mipgw_archive_fsync_seconds_count", "") + 2);
            assertThat(value(after, "mipgw_archive_fsync_seconds_sum", ""))
                    .isGreaterThan(value(before, "mipgw_archive_fsync_seconds_sum", ""));
            // its index commit, a group of one
            assertThat(value(after, "mipgw_archive_index_commit_seconds_count", ""))
                    .isEqualTo(value(before, "mipgw_archive_index_commit_seconds_count", "") + 1);
            assertThat(value(after, "mipgw_archive_index_commit_seconds_sum", ""))
                    .isGreaterThan(value(before, "mipgw_archive_index_commit_seconds_sum", ""));
            assertThat(value(after, "mipgw_archive_index_group_instances_sum", ""))
                    .isEqualTo(value(before, "mipgw_archive_index_group_instances_sum", "") + 1);
            assertThat(value(after, "jvm_memory_used_bytes", "")).isGreaterThan(0);
            assertThat(value(after, "mipgw_dicom_associations_total", "outcome=\"released\"")).isGreaterThan(0);
            assertThat(value(after, "mipgw_dicom_associations_total", "outcome=\"rejected\""))
                    .isGreaterThan(value(before, "mipgw_dicom_associations_total", "outcome=\"rejected\""));
            assertThat(value(after, "mipgw_hl7_messages_total", "direction=\"in\"")).isEqualTo(1);
            assertThat(value(after, "mipgw_hl7_messages_total", "direction=\"out\"")).isEqualTo(1);
            assertThat(value(after, "mipgw_hl7_outbox_delivery_latency_seconds_count", "trust-a")).isEqualTo(1);
            assertThat(value(after, "mipgw_hl7_outbox_pending", "")).isEqualTo(1);
            assertThat(value(after, "mipgw_hl7_outbox_urgent_pending", "")).isEqualTo(1);
            assertThat(value(after, "mipgw_hl7_outbox_oldest_pending_age_seconds", "")).isGreaterThan(0);
            assertThat(value(after, "process_uptime_seconds", "")).isGreaterThan(value(before, "process_uptime_seconds", ""));
        });
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}; 0 when there is none. */
    static double value(String scrape, String name, String label) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) {
            if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
