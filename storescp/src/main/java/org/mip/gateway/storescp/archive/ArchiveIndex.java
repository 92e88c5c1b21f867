package org.mip.gateway.storescp.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's index tables (schema {@code storescp}, {@code db/migration/storescp}): patient, study,
 * series, instance, every stored file, and the forward jobs queued with each new file in the
 * same transaction. Written by the group committer only; read by storage commitment and the study query.
 */
public final class ArchiveIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveIndex.class);

    /** The schema name for {@link Database#migrate(String)}. */
    public static final String SCHEMA = "storescp";

    private final Database db;
    private final Clock clock;
    private final OnDuplicate onDuplicate;
    private final List<String> forwardDestinations;

    public ArchiveIndex(Database db, Clock clock, OnDuplicate onDuplicate, List<ForwardDestination> forward) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
        this.onDuplicate = Objects.requireNonNull(onDuplicate);
        this.forwardDestinations = forward.stream().map(ForwardDestination::toString).toList();
    }

    public Database database() {
        return db;
    }

    public OnDuplicate onDuplicate() {
        return onDuplicate;
    }

    /**
     * Indexes {@code batch} in one transaction; when that fails, each instance in its own, so that one bad
     * instance does not fail the others. Never throws: failures are {@link CommitResult.Kind#FAILED}.
     */
    public synchronized List<CommitResult> commit(List<ReceivedInstance> batch) {
        Map<String, Long> learnt = new HashMap<>();
        try {
            List<CommitResult> results = db.inTransaction(c -> {
                learnt.clear(); // a retried transaction starts again
                List<CommitResult> out = new ArrayList<>(batch.size());
                for (ReceivedInstance r : batch) {
                    out.add(commitOne(c, r, learnt));
                }
                return out;
            });
            keys.putAll(learnt); // only what a committed transaction wrote or saw
            return results;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                LOG.warn("indexing an instance failed: {}", e.toString());
                return List.of(CommitResult.failed(e));
            }
            LOG.info("indexing a batch of {} failed ({}); indexing them one by one", batch.size(), e.toString());
            List<CommitResult> out = new ArrayList<>(batch.size());
            for (ReceivedInstance r : batch) {
                out.add(commit(List.of(r)).get(0));
            }
            return out;
        }
    }

    /**
     * Takes back what {@link #commit} recorded for {@code r} (whose file then turned out not to be durable):
     * its file row and forward jobs; the instance row too when this was its first copy, else the previous
     * copy becomes current again. Study and series rows stay.
     */
    public synchronized void undo(ReceivedInstance r, CommitResult result) {
        try {
            db.inTransaction(c -> {
                Timestamp now = Timestamp.from(clock.instant());
                update(c, "DELETE FROM st_forward_job WHERE file_fk = ?", result.filePk());
                update(c, "DELETE FROM st_instance_file WHERE pk = ?", result.filePk());
                if (result.kind() == CommitResult.Kind.STORED) {
                    update(c, "DELETE FROM st_instance WHERE pk = ?", result.instancePk());
                } else {
                    update(c, "UPDATE st_instance_file SET is_current = TRUE WHERE pk = (SELECT MAX(pk) FROM "
                            + "st_instance_file WHERE instance_fk = ?)", result.instancePk());
                    update(c, "UPDATE st_instance SET num_copies = num_copies - 1, updated_at = ? WHERE pk = ?",
                            now, result.instancePk());
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("could not take back the index rows of an instance whose file is not durable ({}): {}",
                    r == null ? result.filePk() : relative(r.path()), e.toString());
        }
    }

    /** The size the index recorded for the file at {@code relativePath} ('/'-separated), or -1 if none. */
    public long indexedSize(String relativePath) {
        return db.inTransaction(c -> {
            long[] row = fileRow(c, relativePath);
            return row == null ? -1L : row[4];
        });
    }

    /** Takes back the index rows of the file at {@code relativePath} (see {@link #undo}); no-op if none. */
    public void removeFile(String relativePath) {
        long[] row = db.inTransaction(c -> fileRow(c, relativePath));
        if (row != null) {
            CommitResult.Kind kind = row[3] > 1 ? CommitResult.Kind.STORED_AGAIN : CommitResult.Kind.STORED;
            undo(null, new CommitResult(kind, row[2], row[1], row[0], false, List.of(), null));
            LOG.warn("took {} out of the index: its file was not whole after a crash", relativePath);
        }
    }

    /**
     * The file row at {@code relativePath}: {file pk, instance pk, study pk, copies of the instance, size}, or
     * null. Paths have no index of their own (V2__count_on_read): the row is found from the SOP Instance UID
     * that names the file ({@code <SOP>[.n].dcm}, {@link ArchiveLayout#instanceFile}; both readings of a
     * trailing {@code .n} are tried). A file name that is not the UID itself (one that {@link ArchiveLayout}
     * had to make safe) is looked for by path alone, which reads the whole table: only start-up recovery
     * asks, for the few files a crash left in flight.
     */
    private static long[] fileRow(Connection c, String relativePath) throws SQLException {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        String stem = name.endsWith(".dcm") ? name.substring(0, name.length() - 4) : name;
        boolean uidName = !stem.isEmpty() && stem.indexOf('_') < 0; // '_' never occurs in a UID (PS3.5 9.1)
        long[] row = null;
        if (uidName) {
            int dot = stem.lastIndexOf('.');
            boolean copySuffix = dot > 0 && dot < stem.length() - 1
                    && stem.substring(dot + 1).chars().allMatch(Character::isDigit);
            String withoutCopy = copySuffix ? stem.substring(0, dot) : stem;
            row = queryFileRow(c, " AND i.sop_iuid IN (?, ?)", relativePath, stem, withoutCopy);
        }
        if (row == null && !(uidName && stem.length() < 64)) { // a made-safe or possibly shortened UID
            row = queryFileRow(c, "", relativePath);
        }
        return row;
    }

    private static long[] queryFileRow(Connection c, String and, String relativePath, String... uids)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT f.pk, f.instance_fk, se.study_fk, (SELECT COUNT(*) "
                + "FROM st_instance_file o WHERE o.instance_fk = f.instance_fk), f.size FROM st_instance_file f "
                + "JOIN st_instance i ON i.pk = f.instance_fk JOIN st_series se ON se.pk = i.series_fk "
                + "WHERE f.path = ?" + and)) {
            ps.setString(1, relativePath);
            for (int i = 0; i < uids.length; i++) {
                ps.setString(i + 2, uids[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}
                        : null;
            }
        }
    }

    /** Whether the index holds the instance (for storage.on-duplicate=reject before the data set is synced). */
    public boolean contains(String sopInstanceUid) {
        return db.inTransaction(c -> findPk(c, "SELECT pk FROM st_instance WHERE sop_iuid = ?", sopInstanceUid) != null);
    }

    /**
     * Primary keys of recently used patients, studies and series ("P|id|issuer", "S|uid", "E|uid"): a series
     * of hundreds of images looks its parents up once. Filled only after a commit; the index rows of these
     * levels are never deleted while the archive runs (only {@link #forgetCachedKeys} for a test reset).
     */
    private final Map<String, Long> keys = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 30_000;
        }
    };

    /** Forgets the cached keys (after rows were deleted behind the archive's back, e.g. a benchmark reset). */
    public synchronized void forgetCachedKeys() {
        keys.clear();
    }

    private Long cachedPk(Connection c, Map<String, Long> learnt, String key, String sql, Object... args)
            throws SQLException {
        Long pk = learnt.get(key);
        if (pk == null) {
            pk = keys.get(key);
        }
        if (pk == null) {
            pk = findPk(c, sql, args);
            if (pk != null) {
                learnt.put(key, pk);
            }
        }
        return pk;
    }

    private CommitResult commitOne(Connection c, ReceivedInstance r, Map<String, Long> learnt) throws SQLException {
        InstanceHeader h = r.header();
        Timestamp now = Timestamp.from(clock.instant());
        String patientKey = "P|" + clip(h.patientId(), 64) + "|" + clip(h.issuerOfPatientId(), 64);
        Long patientPk = cachedPk(c, learnt, patientKey, "SELECT pk FROM st_patient WHERE patient_id = ? AND issuer = ?",
                clip(h.patientId(), 64), clip(h.issuerOfPatientId(), 64));
        if (patientPk == null) {
            patientPk = insert(c, "INSERT INTO st_patient (patient_id, issuer, name, birth_date, sex, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", clip(h.patientId(), 64),
                    clip(h.issuerOfPatientId(), 64), clip(h.patientName(), 324), clip(h.patientBirthDate(), 8),
                    clip(h.patientSex(), 16), now, now);
            learnt.put(patientKey, patientPk);
        }
        boolean newStudy = false;
        String studyKey = "S|" + h.studyInstanceUid();
        Long studyPk = cachedPk(c, learnt, studyKey, "SELECT pk FROM st_study WHERE study_iuid = ?", h.studyInstanceUid());
        if (studyPk == null) {
            studyPk = insert(c, "INSERT INTO st_study (patient_fk, study_iuid, study_date, study_time, accession_no, "
                    + "study_id, description, referring_phys, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    patientPk, clip(h.studyInstanceUid(), 64), clip(h.studyDate(), 8), clip(h.studyTime(), 16),
                    clip(h.accessionNumber(), 64), clip(h.studyId(), 16), clip(h.studyDescription(), 64),
                    clip(h.referringPhysicianName(), 324), now, now);
            learnt.put(studyKey, studyPk);
            newStudy = true;
        }
        String seriesKey = "E|" + h.seriesInstanceUid();
        Long seriesPk = cachedPk(c, learnt, seriesKey, "SELECT pk FROM st_series WHERE series_iuid = ?",
                h.seriesInstanceUid());
        if (seriesPk == null) {
            seriesPk = insert(c, "INSERT INTO st_series (study_fk, series_iuid, modality, series_number, description, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", studyPk, clip(h.seriesInstanceUid(), 64),
                    clip(h.modality(), 16), clip(h.seriesNumber(), 12), clip(h.seriesDescription(), 64), now, now);
            learnt.put(seriesKey, seriesPk);
        }
        Long instancePk = findPk(c, "SELECT pk FROM st_instance WHERE sop_iuid = ?", h.sopInstanceUid());
        List<Path> obsolete = List.of();
        CommitResult.Kind kind;
        if (instancePk == null) {
            instancePk = insert(c, "INSERT INTO st_instance (series_fk, sop_iuid, sop_cuid, instance_number, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", seriesPk, clip(h.sopInstanceUid(), 64),
                    clip(h.sopClassUid(), 64), clip(h.instanceNumber(), 12), now, now);
            kind = CommitResult.Kind.STORED;
        } else {
            switch (onDuplicate) {
                case REJECT -> {
                    return CommitResult.rejected(studyPk, instancePk);
                }
                case KEEP_BOTH -> update(c, "UPDATE st_instance_file SET is_current = FALSE WHERE instance_fk = ? "
                        + "AND is_current = TRUE", instancePk);
                case OVERWRITE -> {
                    obsolete = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT path FROM st_instance_file WHERE instance_fk = ?")) {
                        ps.setLong(1, instancePk);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                obsolete.add(Path.of(rs.getString(1)));
                            }
                        }
                    }
                    update(c, "DELETE FROM st_forward_job WHERE file_fk IN (SELECT pk FROM st_instance_file "
                            + "WHERE instance_fk = ?)", instancePk);
                    update(c, "DELETE FROM st_instance_file WHERE instance_fk = ?", instancePk);
                }
                default -> throw new IllegalStateException(onDuplicate.toString());
            }
            update(c, "UPDATE st_instance SET num_copies = num_copies + 1, sop_cuid = ?, updated_at = ? WHERE pk = ?",
                    clip(h.sopClassUid(), 64), now, instancePk);
            kind = CommitResult.Kind.STORED_AGAIN;
        }
        long filePk = insert(c, "INSERT INTO st_instance_file (instance_fk, path, size, transfer_syntax, calling_aet, "
                + "received_at, is_current) VALUES (?, ?, ?, ?, ?, ?, TRUE)", instancePk, relative(r.path()), r.size(),
                clip(r.transferSyntaxUid(), 64), clip(r.callingAeTitle(), 16), Timestamp.from(r.receivedAt()));
        if (!forwardDestinations.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_forward_job (destination, file_fk, state, "
                    + "attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'PENDING', 0, ?, ?, ?)")) {
                for (String dest : forwardDestinations) {
                    ps.setString(1, dest);
                    ps.setLong(2, filePk);
                    ps.setTimestamp(3, now);
                    ps.setTimestamp(4, now);
                    ps.setTimestamp(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return new CommitResult(kind, studyPk, instancePk, filePk, newStudy, obsolete, null);
    }

    /** The relative path as stored: '/'-separated whatever the platform. */
    static String relative(Path p) {
        return p.toString().replace('\\', '/');
    }

    /** SOP Instance UID → SOP Class UID of every instance in {@code sopInstanceUids} that has a current file. */
    public Map<String, StoredFile> currentFiles(List<String> sopInstanceUids) {
        return db.inTransaction(c -> {
            Map<String, StoredFile> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.sop_iuid, i.sop_cuid, f.path, f.size, "
                    + "f.transfer_syntax FROM st_instance i JOIN st_instance_file f ON f.instance_fk = i.pk "
                    + "AND f.is_current = TRUE WHERE i.sop_iuid = ?")) {
                for (String uid : sopInstanceUids) {
                    ps.setString(1, uid);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.put(rs.getString(1), new StoredFile(rs.getString(1), rs.getString(2),
                                    Path.of(rs.getString(3)), rs.getLong(4), rs.getString(5)));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The current file of an instance as the index has it. */
    public record StoredFile(String sopInstanceUid, String sopClassUid, Path path, long size, String transferSyntaxUid) {}

    static Long findPk(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) {
                    throw new SQLException("no generated key for " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
