package org.mip.gateway.mwl.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.mwl.WorklistItems;

/**
 * The responses of one worklist query, streamed from a JDBC result set: each {@link #next()} reads rows
 * until one passes the keys SQL could not express, and returns its response identifier. Holds a database
 * connection until {@link #close()}; {@link #cancel()} (e.g. on C-CANCEL, from another thread) makes the
 * next {@link #hasNext()} answer {@code false} and release it. Not otherwise thread-safe.
 */
public final class WorklistCursor implements Iterator<Attributes>, AutoCloseable {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final Attributes identifier;
    private final Attributes residual;
    private final KeyMatcher matcher;
    private final ResponseBuilder responses;
    private Attributes next;
    private boolean closed;
    private volatile boolean cancelled;
    private int returned;

    WorklistCursor(Connection connection, PreparedStatement statement, ResultSet rows, Attributes identifier,
            Attributes residual, KeyMatcher matcher) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.identifier = identifier;
        this.residual = residual;
        this.matcher = matcher;
        this.responses = new ResponseBuilder(matcher);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        if (cancelled) {
            close();
            return false;
        }
        try {
            while (rows.next()) {
                SpsStatus status = SpsStatus.valueOf(rows.getString(4));
                Attributes item = WorklistItems.merge(rows.getString(9), rows.getString(10), rows.getString(11), status);
                if (residual == null || matcher.matches(residual, item)) {
                    next = responses.build(identifier, item, rows.getString(8));
                    return true;
                }
                if (cancelled) {
                    break;
                }
            }
        } catch (SQLException e) {
            close();
            throw new DatabaseException("worklist query failed: " + e.getMessage(), e);
        }
        close();
        return false;
    }

    @Override
    public Attributes next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Attributes r = next;
        next = null;
        returned++;
        return r;
    }

    /** How many responses {@link #next()} has returned. */
    public int returned() {
        return returned;
    }

    /** Stops the query: the next {@link #hasNext()} returns {@code false} and releases the connection. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        next = null;
        try (connection; statement; rows) {
            connection.rollback(); // read-only: nothing to keep; ends the cursor's transaction
            connection.setAutoCommit(true);
            connection.setReadOnly(false);
        } catch (SQLException e) {
            // the connection goes back to the pool (or is evicted by it); nothing more to do
        }
    }
}
