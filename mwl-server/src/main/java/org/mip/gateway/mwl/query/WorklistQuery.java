package org.mip.gateway.mwl.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.mip.gateway.db.Database;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;

/**
 * Modality Worklist queries (PS3.4 K): an identifier in, a {@link WorklistCursor} of response identifiers
 * out, matched in SQL on the indexed columns ({@link SqlTranslator}) and, for the remaining keys, in Java
 * ({@link KeyMatcher}) on the rows SQL returns. A C-FIND SCP sends each cursor element as a Pending response
 * and closes (or {@linkplain WorklistCursor#cancel() cancels}) the cursor when done.
 */
public final class WorklistQuery {
    private final Database db;
    private final QueryOptions defaults;

    public WorklistQuery(Database db, QueryOptions defaults) {
        this.db = db;
        this.defaults = defaults;
    }

    public WorklistQuery(Database db) {
        this(db, QueryOptions.DEFAULT);
    }

    public QueryOptions options() {
        return defaults;
    }

    /** Runs {@code identifier} with the default options. */
    public WorklistCursor find(Attributes identifier) {
        return find(identifier, defaults);
    }

    /**
     * Runs {@code identifier}; the caller must close the cursor.
     *
     * @throws InvalidQueryException when a key cannot be evaluated (e.g. "2024-13-01" as a date)
     */
    public WorklistCursor find(Attributes identifier, QueryOptions options) {
        SqlQuery q = new SqlTranslator(options).translate(identifier);
        Connection c = null;
        PreparedStatement ps = null;
        try {
            c = db.dataSource().getConnection();
            // PostgreSQL streams with a fetch size only inside a transaction (autocommit off)
            c.setAutoCommit(false);
            c.setReadOnly(true);
            ps = c.prepareStatement(q.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(options.fetchSize());
            for (int i = 0; i < q.parameters().size(); i++) {
                ps.setString(i + 1, q.parameters().get(i));
            }
            ResultSet rs = ps.executeQuery();
            return new WorklistCursor(c, ps, rs, identifier, q.residual(), new KeyMatcher(options));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            if (c != null) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                    c.setReadOnly(false);
                } catch (SQLException ignored) {
                    // the pool deals with a broken connection
                }
                closeQuietly(c);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new DatabaseException("worklist query failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable a) {
        if (a != null) {
            try {
                a.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
    }
}
