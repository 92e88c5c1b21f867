package org.mip.gateway.mwl.scp;

import java.util.Objects;
import java.util.function.Supplier;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.mwl.query.InvalidQueryException;
import org.mip.gateway.mwl.query.QueryOptions;
import org.mip.gateway.mwl.query.WorklistCursor;
import org.mip.gateway.mwl.query.WorklistQuery;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.CFindService;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.FindCursor;
import org.mip.gateway.net.service.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modality Worklist Information Model – FIND SCP (PS3.4 K.4, SOP class 1.2.840.10008.5.1.4.31): the
 * Identifier goes to {@link WorklistQuery} (matching per PS3.4 C.2.2.2 on the K.6 keys; PN keys
 * case-insensitive unless the options say otherwise), whose streaming cursor becomes the {@link FindCursor}
 * that {@code FindTask} sends as Pending responses. The query layer puts Specific Character Set (0008,0005)
 * in every response identifier (PS3.4 K.4.1.1.3.2 / C.4.1.1.3.2).
 *
 * <p>Statuses (PS3.4 K.4.1.1.4, Table K.4-1): an Identifier the query layer cannot evaluate (e.g. a
 * malformed date range) is A900H "Identifier does not match SOP Class" with the reason as Error Comment; a
 * database failure is A700H "Refused: out of resources" (the worklist cannot be read, the SCU may retry);
 * C-CANCEL ends with FE00H and releases the database cursor at once.
 *
 * <p>Combined date-time matching (PS3.4 C.2.2.2.5.1) is only used when the options say so: the association
 * layer does not yet report the SCU's SOP Class Extended Negotiation (PS3.4 K.3.1).
 */
public final class MwlFindScp extends CFindService {
    private static final Logger log = LoggerFactory.getLogger(MwlFindScp.class);

    private final Supplier<WorklistQuery> query;
    private final QueryOptions options;

    /**
     * @param query the query engine, resolved per request (e.g. {@code worklistModule::query})
     * @param options how identifiers are evaluated; {@code null} = the engine's own defaults
     */
    public MwlFindScp(Supplier<WorklistQuery> query, QueryOptions options) {
        super(UID.ModalityWorklistInformationModelFind);
        this.query = Objects.requireNonNull(query, "query");
        this.options = options;
    }

    /** With the engine's default options (case-insensitive PN matching, PS3.4 C.2.2.2.1). */
    public MwlFindScp(Supplier<WorklistQuery> query) {
        this(query, null);
    }

    @Override
    protected FindCursor query(ServiceRequest request, Attributes keys) {
        WorklistQuery engine = engine();
        WorklistCursor cursor;
        try {
            cursor = engine.find(keys, options != null ? options : engine.options());
        } catch (InvalidQueryException e) {
            throw invalid(e);
        } catch (DatabaseException e) {
            throw unavailable(e);
        }
        return new Cursor(cursor, request.cancel());
    }

    private WorklistQuery engine() {
        try {
            return query.get();
        } catch (IllegalStateException e) { // the worklist module is not started (yet, or any more)
            throw new DimseStatusException(Status.OutOfResources, ErrorInfo.comment("Worklist not available"), e);
        }
    }

    /** Logged once, by the dispatcher or the FindTask that answers it. */
    private static DimseStatusException invalid(InvalidQueryException e) {
        // PS3.4 K.4.1.1.4: A900H Identifier does not match SOP Class; the comment tells the SCU which key
        return new DimseStatusException(Status.DataSetDoesNotMatchSOPClass, ErrorInfo.comment(e.getMessage()), e);
    }

    private static DimseStatusException unavailable(DatabaseException e) {
        log.warn("MWL C-FIND: worklist database failed: {}", e.getMessage());
        return new DimseStatusException(Status.OutOfResources, ErrorInfo.comment("Worklist database unavailable"), e);
    }

    @Override
    public String toString() {
        return "MwlFindScp";
    }

    /**
     * The worklist cursor as the framework's cursor: a C-CANCEL (seen on the token) cancels the database
     * cursor, so rows that only fail the in-memory keys are not read on; close always releases the connection.
     */
    private static final class Cursor implements FindCursor {
        private final WorklistCursor cursor;
        private final CancelToken cancel;

        Cursor(WorklistCursor cursor, CancelToken cancel) {
            this.cursor = cursor;
            this.cancel = cancel;
        }

        @Override
        public boolean hasNext() {
            if (cancel.isCancelled()) {
                cursor.cancel();
            }
            try {
                return cursor.hasNext();
            } catch (InvalidQueryException e) {
                throw invalid(e);
            } catch (DatabaseException e) {
                throw unavailable(e);
            }
        }

        @Override
        public Attributes next() {
            try {
                return cursor.next();
            } catch (InvalidQueryException e) {
                throw invalid(e);
            } catch (DatabaseException e) {
                throw unavailable(e);
            }
        }

        @Override
        public void close() {
            if (cancel.isCancelled()) {
                cursor.cancel();
            }
            cursor.close();
        }
    }
}
