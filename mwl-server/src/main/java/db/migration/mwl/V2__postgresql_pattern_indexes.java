package db.migration.mwl;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, a b-tree index serves {@code LIKE 'ABC%'} only when built with a pattern operator class
 * (unless the database collation is C); the wild card keys of worklist queries (PS3.4 C.2.2.2.4) need them.
 * H2 uses its ordinary indexes for prefix patterns, so this migration does nothing there.
 */
public class V2__postgresql_pattern_indexes extends BaseJavaMigration {
    private static final String[][] INDEXES = {
        {"mwl_patient_family_u_px", "mwl_patient", "pn_family_u"},
        {"mwl_patient_family_px", "mwl_patient", "pn_family"},
        {"mwl_patient_id_px", "mwl_patient", "patient_id"},
        {"mwl_request_accession_px", "mwl_request", "accession_no"},
        {"mwl_sps_station_aet_px", "mwl_sps_station", "aet"},
    };

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String[] ix : INDEXES) {
                s.execute("CREATE INDEX " + ix[0] + " ON " + ix[1] + " (" + ix[2] + " varchar_pattern_ops)");
            }
        }
    }
}
