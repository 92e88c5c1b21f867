package org.mip.gateway.storescp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.audit.AuditService;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.db.Database;
import org.mip.gateway.dicom.dict.UidDictionary;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.AssociationInfo;

/**
 * The audit trail of received instances: PS3.15 A.5.3.7 "DICOM Instances Transferred" (EventID 110104,
 * action C), one event per study per association, as archives do and as A.5.3.7 allows (one message may
 * describe several instances of one study and patient). Actor: the calling AE title (the source, A.5.3.7's
 * "Source" active participant); network access point: its address; participant objects: the study (UID,
 * accession number, SOP classes with their instance counts in the detail) and the patient (Patient ID,
 * the row's {@code patient_id}). The C-STOREs of an association that failed become one FAILURE event
 * (EventOutcomeIndicator 8) with their statuses and SOP Instance UIDs.
 *
 * <p>Cost on the C-STORE path: {@link #stored} appends the instance's UIDs to its association's batch in
 * memory, nothing else. When the association ends ({@link #associationEnded}), or its batch reaches
 * {@value #MAX_BATCH} instances or is older than {@link #DEFAULT_MAX_AGE} when the next instance comes, the
 * batch goes to the audit writer thread ({@link AuditService#later}),
 * which looks the studies and patients up in the archive index (one query per {@value #LOOKUP_CHUNK}
 * instances) and writes the events. A C-STORE that completes after its association was aborted is written
 * on its own. What is only in memory (at most about {@link #DEFAULT_MAX_AGE} of an association's stores) is
 * lost with the process (kill -9), like every queued audit event.
 */
public final class StoreAuditTrail implements StoreAudit {
    /** A long association's batch is written when it holds this many instances. */
    static final int MAX_BATCH = 1000;
    static final int LOOKUP_CHUNK = 500;
    /** How many failed SOP Instance UIDs a failure event lists. */
    static final int MAX_FAILED_UIDS = 50;
    private static final long ENDED_KEPT_NANOS = 5L * 60 * 1_000_000_000;

    private record Key(String callingAeTitle, String remoteAddress) {}

    /** What one association stored and failed to store; guarded by the map's per-key compute. */
    private static final class Batch {
        final AssociationInfo association;
        final long startedNanos = System.nanoTime();
        final Map<String, String> stored = new LinkedHashMap<>(); // SOP Instance UID -> SOP Class UID
        final Map<Integer, Integer> failures = new TreeMap<>(); // status -> count
        final List<String> failedUids = new ArrayList<>();
        int failed;

        Batch(AssociationInfo association) {
            this.association = association;
        }

        int size() {
            return stored.size() + failed;
        }
    }

    private final Supplier<Database> database;
    private final AuditService audit;
    /** How long a long association's batch may wait in memory (see the constructor). */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);
    private final long maxAgeNanos;
    private final ConcurrentHashMap<Key, Batch> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Long> ended = new ConcurrentHashMap<>();
    private volatile long lastPrune = System.nanoTime();

    /** @param database the database of the archive index ({@code storescp} schema) */
    public StoreAuditTrail(Supplier<Database> database, AuditService audit) {
        this(database, audit, DEFAULT_MAX_AGE);
    }

    /**
     * @param maxAge a batch older than this is written with the next instance of its association, so that
     *     a crash in a long association loses at most about this much of its store events
     */
    StoreAuditTrail(Supplier<Database> database, AuditService audit, Duration maxAge) {
        this.database = Objects.requireNonNull(database);
        this.audit = Objects.requireNonNull(audit);
        this.maxAgeNanos = maxAge.toNanos();
    }

    @Override
    public void stored(AssociationInfo association, String sopClassUid, String sopInstanceUid, int status) {
        Key key = new Key(association.callingAeTitle(), association.remoteAddress());
        Batch[] full = new Batch[1];
        open.compute(key, (k, b) -> {
            Batch batch = b != null ? b : new Batch(association);
            if (Status.category(status) == Status.Category.FAILURE) {
                batch.failed++;
                batch.failures.merge(status, 1, Integer::sum);
                if (batch.failedUids.size() < MAX_FAILED_UIDS) {
                    batch.failedUids.add(String.valueOf(sopInstanceUid));
                }
            } else {
                batch.stored.put(String.valueOf(sopInstanceUid), String.valueOf(sopClassUid));
            }
            if (batch.size() >= MAX_BATCH || System.nanoTime() - batch.startedNanos >= maxAgeNanos) {
                full[0] = batch;
                return null;
            }
            return batch;
        });
        if (full[0] != null) {
            write(full[0]);
        }
        if (ended.containsKey(key)) { // completed after its association was aborted: nobody else will write it
            Batch late = open.remove(key);
            if (late != null) {
                write(late);
            }
        }
    }

    /**
     * The association of {@code callingAeTitle} from {@code remoteAddress} (as {@link AssociationInfo} has
     * them) was released, or aborted or lost ({@code released} false): its batch is written. After an abort a
     * C-STORE may still be completing; it is remembered for a while so that such a store is written on its
     * own (a release waits for the association's requests, so it needs no such memory). Non-blocking; may
     * be called on an event loop.
     */
    public void associationEnded(String callingAeTitle, String remoteAddress, boolean released) {
        Key key = new Key(callingAeTitle, remoteAddress);
        long now = System.nanoTime();
        if (!released) {
            ended.put(key, now);
        }
        Batch b = open.remove(key);
        if (b != null) {
            write(b);
        }
        if (!ended.isEmpty() && now - lastPrune > 10_000_000_000L) {
            lastPrune = now;
            ended.values().removeIf(t -> now - t > ENDED_KEPT_NANOS);
        }
    }

    /** Writes every open batch (e.g. before the audit service stops). */
    public void flush() {
        for (Key k : List.copyOf(open.keySet())) {
            Batch b = open.remove(k);
            if (b != null) {
                write(b);
            }
        }
    }

    private void write(Batch b) {
        AssociationInfo a = b.association;
        audit.later(AuditVocabulary.INSTANCES_STORED, a.remoteAddress(), log -> {
            if (!b.stored.isEmpty()) {
                writeStored(log, a, b.stored);
            }
            if (b.failed > 0) {
                StringBuilder statuses = new StringBuilder();
                b.failures.forEach((status, n) -> statuses.append(statuses.length() == 0 ? "" : ", ")
                        .append(n).append(" x ").append(String.format("%04XH", status & 0xFFFF)));
                log.record(AuditVocabulary.INSTANCES_STORED, AuditEvent.Outcome.FAILURE, a.callingAeTitle(),
                        a.remoteAddress(), "C-STORE from " + a.callingAeTitle() + " to " + a.calledAeTitle() + ": "
                                + b.failed + " instance(s) refused (" + statuses + "); SOP Instance UIDs "
                                + String.join(",", b.failedUids) + (b.failed > b.failedUids.size() ? ",…" : ""));
            }
        });
    }

    private record Study(String studyUid, String accession, String patientId, String issuer) {}

    private void writeStored(AuditLog log, AssociationInfo a, Map<String, String> stored) {
        Map<String, Study> studyOf = lookup(new ArrayList<>(stored.keySet()));
        // study -> SOP class -> count, in the order the instances arrived
        Map<Study, Map<String, Integer>> byStudy = new LinkedHashMap<>();
        Study unknown = new Study("", "", null, "");
        stored.forEach((iuid, cuid) -> byStudy.computeIfAbsent(studyOf.getOrDefault(iuid, unknown),
                s -> new LinkedHashMap<>()).merge(cuid, 1, Integer::sum));
        UidDictionary uids = UidDictionary.standard();
        byStudy.forEach((study, classes) -> {
            int n = classes.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder d = new StringBuilder("C-STORE from ").append(a.callingAeTitle()).append(" to ")
                    .append(a.calledAeTitle()).append(": ").append(n).append(" instance(s) of study ");
            if (study == unknown) {
                d.append("(not in the index)");
            } else {
                d.append(study.studyUid());
                if (!study.accession().isEmpty()) {
                    d.append(", accession ").append(study.accession());
                }
                if (!study.issuer().isEmpty()) {
                    d.append(", issuer of patient ID ").append(study.issuer());
                }
            }
            d.append("; ");
            List<String> parts = new ArrayList<>();
            classes.forEach((cuid, count) -> {
                String name = uids.nameOf(cuid);
                parts.add((name == null ? cuid : name) + " x " + count);
            });
            d.append(String.join(", ", parts));
            log.record(AuditVocabulary.INSTANCES_STORED, AuditEvent.Outcome.SUCCESS, a.callingAeTitle(),
                    a.remoteAddress(), d.toString(), study.patientId());
        });
    }

    /** The study and patient of each SOP Instance UID the index holds. */
    private Map<String, Study> lookup(List<String> sopInstanceUids) {
        if (sopInstanceUids.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, Study> out = new HashMap<>();
        Map<Study, Study> interned = new HashMap<>();
        database.get().inTransaction(c -> {
            for (int from = 0; from < sopInstanceUids.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = sopInstanceUids.subList(from, Math.min(sopInstanceUids.size(), from + LOOKUP_CHUNK));
                select(c, chunk, out, interned);
            }
            return null;
        });
        return out;
    }

    private static void select(Connection c, List<String> chunk, Map<String, Study> out, Map<Study, Study> interned)
            throws SQLException {
        String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT i.sop_iuid, st.study_iuid, st.accession_no, "
                + "p.patient_id, p.issuer FROM st_instance i JOIN st_series se ON se.pk = i.series_fk "
                + "JOIN st_study st ON st.pk = se.study_fk JOIN st_patient p ON p.pk = st.patient_fk "
                + "WHERE i.sop_iuid IN (" + marks + ")")) {
            for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 1, chunk.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Study s = new Study(rs.getString(2), nz(rs.getString(3)), rs.getString(4), nz(rs.getString(5)));
                    out.put(rs.getString(1), interned.computeIfAbsent(s, x -> x));
                }
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
