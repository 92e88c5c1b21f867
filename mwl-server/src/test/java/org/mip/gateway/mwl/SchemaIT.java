package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.query.QueryOptions;
import org.mip.gateway.mwl.query.SqlQuery;
import org.mip.gateway.mwl.query.SqlTranslator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaIT {
    @TempDir
    Path tmp;

    private MwlFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void migrations_applyOnce_andPostgresGetsPatternIndexes(String engine) {
        f = new MwlFixture(engine, tmp);
        assertThat(f.db.migrate("mwl")).isZero();
        if (engine.equals("postgresql")) {
            List<String> names = f.db.inTransaction(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'mwl\\_%\\_px' ORDER BY indexname");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertThat(names).contains("mwl_patient_family_u_px", "mwl_request_accession_px", "mwl_sps_station_aet_px");
        }
    }

    /**
     * The plans of the benchmark's queries start from a selective index, not from the status index that
     * matches every booked item (which made every query scan the whole worklist on H2).
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void queryPlans_startFromSelectiveIndexes(String engine) {
        f = new MwlFixture(engine, tmp);
        for (int i = 0; i < 400; i++) {
            String date = String.format("202611%02d", 1 + i % 28);
            String name = (i % 10 == 0 ? "SMITH" : "JONES" + i) + "^ANN";
            f.bookings.book(MwlFixture.item("A" + i, "S" + i, "P" + i, name, i % 2 == 0 ? "MR" : "US", date,
                    "0800", i % 4 == 0 ? "MR1" : "MR2"), null, "test");
        }
        f.db.inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.execute(engine.equals("postgresql") ? "ANALYZE" : "ANALYZE SAMPLE_SIZE 0");
            }
            return null;
        });
        Attributes station = new Attributes();
        Attributes sps = station.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setString(Tag.Modality, VR.CS, "MR");
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261105");
        sps.setString(Tag.ScheduledStationAETitle, VR.AE, "MR1");
        Attributes name = new Attributes();
        name.setString(Tag.PatientName, VR.PN, "SMI*");
        String stationPlan = explain(station);
        String namePlan = explain(name);
        if (engine.equals("h2")) {
            assertThat(stationPlan).doesNotContain("MWL_SPS_STATUS_IX").contains("MWL_SPS_MODALITY_IX");
            assertThat(namePlan).doesNotContain("MWL_SPS_STATUS_IX").contains("MWL_PATIENT_FAMILY_U_IX");
        } else {
            // PostgreSQL's planner weighs its statistics: on 400 rows a sequential scan is rightly cheaper, so
            // only the index that should no longer exist is checked
            assertThat(stationPlan + namePlan).doesNotContain("mwl_sps_status_ix");
        }
    }

    private String explain(Attributes identifier) {
        SqlQuery q = new SqlTranslator(QueryOptions.DEFAULT).translate(identifier);
        return f.db.inTransaction(c -> {
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + q.sql())) {
                for (int i = 0; i < q.parameters().size(); i++) {
                    ps.setString(i + 1, q.parameters().get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            return plan.toString();
        });
    }
}
