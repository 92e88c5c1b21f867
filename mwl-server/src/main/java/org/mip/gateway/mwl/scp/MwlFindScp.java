package org.mip.gateway.mwl.scp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditSink;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.dict.ElementDictionary;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.mwl.query.InvalidQueryException;
import org.mip.gateway.mwl.query.QueryOptions;
import org.mip.gateway.mwl.query.WorklistCursor;
import org.mip.gateway.mwl.query.WorklistQuery;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.CFindService;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.AssociationInfo;
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
 *
 * <p>Each query, once its final status is known (completed, cancelled, refused, or the association gone), is
 * timed from the Identifier to the end of the cursor ({@link DicomMetrics#found}) and audited as PS3.15
 * A.5.3.10 "Query" (EventID 110112, action E; {@code MWL_QUERY}): the calling AE title as actor, its address,
 * the SOP class, the matching keys of the Identifier (A.5.3.10's ParticipantObjectQuery, as text), the
 * number of matches and the Patient IDs returned. The patient of the event is the Patient ID key when the
 * query names one (without wildcards), else the one patient of all matches, else none.
 */
public final class MwlFindScp extends CFindService {
    private static final Logger log = LoggerFactory.getLogger(MwlFindScp.class);

    /** How many Patient IDs of the matches the audit event lists. */
    static final int MAX_AUDITED_PATIENTS = 100;

    private final Supplier<WorklistQuery> query;
    private final QueryOptions options;
    private final DicomMetrics metrics;
    private final AuditSink audit;

    /**
     * @param query the query engine, resolved per request (e.g. {@code worklistModule::query})
     * @param options how identifiers are evaluated; {@code null} = the engine's own defaults
     * @param metrics where the C-FIND latency goes
     * @param audit where the Query event goes (non-blocking)
     */
    public MwlFindScp(Supplier<WorklistQuery> query, QueryOptions options, DicomMetrics metrics, AuditSink audit) {
        super(UID.ModalityWorklistInformationModelFind);
        this.query = Objects.requireNonNull(query, "query");
        this.options = options;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Without metrics or audit. */
    public MwlFindScp(Supplier<WorklistQuery> query, QueryOptions options) {
        this(query, options, DicomMetrics.noop(), AuditSink.NONE);
    }

    /** With the engine's default options (case-insensitive PN matching, PS3.4 C.2.2.2.1). */
    public MwlFindScp(Supplier<WorklistQuery> query) {
        this(query, null);
    }

    @Override
    protected FindCursor query(ServiceRequest request, Attributes keys) {
        Outcome outcome = new Outcome(request.association(), keys, System.nanoTime());
        try {
            WorklistQuery engine = engine();
            WorklistCursor cursor;
            try {
                cursor = engine.find(keys, options != null ? options : engine.options());
            } catch (InvalidQueryException e) {
                throw invalid(e);
            } catch (DatabaseException e) {
                throw unavailable(e);
            }
            return new Cursor(cursor, request.cancel(), outcome);
        } catch (RuntimeException e) {
            outcome.failed(e);
            outcome.end(Status.Success, false);
            throw e;
        }
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
     * What one query did, for its metric and audit event; ended once (by the cursor's close, or by a refusal
     * before there was a cursor). Used by the one worker thread that runs the query.
     */
    private final class Outcome {
        private final AssociationInfo association;
        private final Attributes keys;
        private final long startNanos;
        private final Set<String> patients = new TreeSet<>();
        private int matches;
        private int failureStatus = -1;
        private boolean done;

        Outcome(AssociationInfo association, Attributes keys, long startNanos) {
            this.association = association;
            this.keys = keys;
            this.startNanos = startNanos;
        }

        void matched(Attributes match) {
            matches++;
            String pid = match.getString(Tag.PatientID);
            if (pid != null && !pid.isBlank() && patients.size() <= MAX_AUDITED_PATIENTS) {
                patients.add(pid.strip());
            }
        }

        void failed(RuntimeException e) {
            if (failureStatus < 0) {
                failureStatus = e instanceof DimseStatusException d ? d.status() : Status.UnexpectedError;
            }
        }

        /**
         * @param status the final status when nothing failed (Success or Cancel)
         * @param complete whether the answer was complete or cancelled; false when the association went away
         */
        void end(int status, boolean complete) {
            if (done) {
                return;
            }
            done = true;
            boolean ok = failureStatus < 0 && complete;
            metrics.found(Duration.ofNanos(System.nanoTime() - startNanos), ok);
            String result = failureStatus >= 0 ? Status.toString(failureStatus)
                    : complete ? Status.toString(status) : "association ended before the final response";
            StringBuilder detail = new StringBuilder("MWL C-FIND (").append(UID.ModalityWorklistInformationModelFind)
                    .append(") from ").append(association.callingAeTitle()).append(" to ")
                    .append(association.calledAeTitle()).append(": ").append(result).append(", ").append(matches)
                    .append(" match(es); keys ").append(describeKeys(keys));
            List<String> shown = new ArrayList<>(patients);
            if (shown.size() > MAX_AUDITED_PATIENTS) {
                shown = shown.subList(0, MAX_AUDITED_PATIENTS);
            }
            detail.append("; patients ").append(String.join(",", shown))
                    .append(patients.size() > MAX_AUDITED_PATIENTS ? ",…" : "");
            audit.recordLater(AuditVocabulary.WORKLIST_QUERY, ok ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                    association.callingAeTitle(), association.remoteAddress(), detail.toString(), patientOfEvent());
        }

        private String patientOfEvent() {
            String key = keys.getString(Tag.PatientID);
            if (key != null && !key.isBlank() && key.indexOf('*') < 0 && key.indexOf('?') < 0) {
                return key.strip();
            }
            return patients.size() == 1 ? patients.iterator().next() : null;
        }
    }

    /**
     * The matching keys of an Identifier (those with a value; return keys are only counted), as
     * {@code Keyword=value}, sequence items as {@code Sequence>Keyword=value}; e.g.
     * {@code ScheduledProcedureStepSequence>Modality=MR ScheduledProcedureStepSequence>ScheduledStationAETitle=MRI1}.
     */
    static String describeKeys(Attributes keys) {
        List<String> out = new ArrayList<>();
        int[] returnKeys = {0};
        describe(keys, "", out, returnKeys);
        return (out.isEmpty() ? "(none)" : String.join(" ", out)) + " and " + returnKeys[0] + " return key(s)";
    }

    private static void describe(Attributes a, String prefix, List<String> out, int[] returnKeys) {
        ElementDictionary dict = ElementDictionary.standard();
        for (int i = 0; i < a.size(); i++) {
            int tag = a.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || (tag >>> 16) % 2 == 1 || (tag & 0xFFFF) == 0) {
                continue; // not a key; private and group length elements are ignored by the query too
            }
            String keyword = dict.keywordOf(tag);
            String name = prefix + (keyword == null || keyword.isEmpty() ? String.format("(%04X,%04X)", tag >>> 16,
                    tag & 0xFFFF) : keyword);
            if (a.vrAt(i) == VR.SQ) {
                Sequence seq = a.getSequence(tag);
                if (seq == null || seq.size() == 0) {
                    returnKeys[0]++;
                } else {
                    describe(seq.get(0), name + ">", out, returnKeys);
                }
                continue;
            }
            String value;
            try {
                String[] values = a.getStrings(tag);
                value = values == null ? "" : String.join("\\", values).strip();
            } catch (RuntimeException e) {
                value = "";
            }
            if (value.isEmpty()) {
                returnKeys[0]++;
            } else {
                out.add(name + "=" + value);
            }
        }
    }

    /**
     * The worklist cursor as the framework's cursor: a C-CANCEL (seen on the token) cancels the database
     * cursor, so rows that only fail the in-memory keys are not read on; close always releases the connection
     * and ends the query's {@link Outcome}.
     */
    private static final class Cursor implements FindCursor {
        private final WorklistCursor cursor;
        private final CancelToken cancel;
        private final Outcome outcome;
        private boolean exhausted;

        Cursor(WorklistCursor cursor, CancelToken cancel, Outcome outcome) {
            this.cursor = cursor;
            this.cancel = cancel;
            this.outcome = outcome;
        }

        @Override
        public boolean hasNext() {
            if (cancel.isCancelled()) {
                cursor.cancel();
            }
            try {
                boolean more = cursor.hasNext();
                exhausted = !more;
                return more;
            } catch (InvalidQueryException e) {
                throw outcome(invalid(e));
            } catch (DatabaseException e) {
                throw outcome(unavailable(e));
            } catch (RuntimeException e) {
                throw outcome(e);
            }
        }

        @Override
        public Attributes next() {
            try {
                Attributes match = cursor.next();
                outcome.matched(match);
                return match;
            } catch (InvalidQueryException e) {
                throw outcome(invalid(e));
            } catch (DatabaseException e) {
                throw outcome(unavailable(e));
            } catch (RuntimeException e) {
                throw outcome(e);
            }
        }

        private RuntimeException outcome(RuntimeException e) {
            outcome.failed(e);
            return e;
        }

        @Override
        public void close() {
            boolean cancelled = cancel.isCancelled();
            try {
                if (cancelled) {
                    cursor.cancel();
                }
                cursor.close();
            } finally {
                outcome.end(cancelled ? Status.Cancel : Status.Success, cancelled || exhausted);
            }
        }
    }
}
