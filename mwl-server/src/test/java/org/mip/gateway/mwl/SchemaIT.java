package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
}
