package org.mip.gateway.storescp.reconcile;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mip.gateway.db.Database;
import org.mip.gateway.storescp.archive.InstanceHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links a newly stored study to its worklist booking (by Accession Number, else Study Instance UID) and
 * compares the demographics (Patient ID, Patient's Name, Birth Date, Sex): differences are recorded in
 * {@code st_worklist_link.mismatches} (attribute names only), counted and logged, never written into the
 * archived instances. INFO logs carry UIDs and counts only; the values are at DEBUG.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Database db;
    private final WorklistLink link;
    private final Clock clock;
    private final AtomicLong linked = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();

    public Reconciler(Database db, WorklistLink link, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.link = Objects.requireNonNull(link);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Studies linked so far. */
    public long linkedStudies() {
        return linked.get();
    }

    /** Linked studies whose demographics differ from the booking's. */
    public long mismatchedStudies() {
        return mismatched.get();
    }

    /** Looks the study of {@code header} up and records the link; returns the differing attributes' names. */
    public Optional<List<String>> reconcile(long studyPk, InstanceHeader header) {
        Optional<WorklistLink.Booking> found;
        try {
            found = link.find(header.accessionNumber(), header.studyInstanceUid());
        } catch (RuntimeException e) {
            LOG.warn("worklist lookup for study {} failed: {}", header.studyInstanceUid(), e.toString());
            return Optional.empty();
        }
        if (found.isEmpty()) {
            LOG.debug("study {}: no worklist booking", header.studyInstanceUid());
            return Optional.empty();
        }
        WorklistLink.Booking b = found.get();
        List<String> diffs = differences(header, b);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO st_worklist_link (study_fk, worklist_ref, "
                    + "matched_by, mismatches, linked_at) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
                    + "st_worklist_link WHERE study_fk = ? AND worklist_ref = ?)")) {
                String ref = b.reference().length() > 128 ? b.reference().substring(0, 128) : b.reference();
                ps.setLong(1, studyPk);
                ps.setString(2, ref);
                ps.setString(3, b.matchedBy().name());
                ps.setString(4, String.join(",", diffs));
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.setLong(6, studyPk);
                ps.setString(7, ref);
                return ps.executeUpdate();
            }
        });
        linked.incrementAndGet();
        if (diffs.isEmpty()) {
            LOG.info("study {} linked to worklist item {} by {}", header.studyInstanceUid(), b.reference(),
                    b.matchedBy());
        } else {
            mismatched.incrementAndGet();
            LOG.warn("study {} linked to worklist item {} by {}: {} demographic mismatch(es) with the booking: {} "
                    + "(archive left as received)", header.studyInstanceUid(), b.reference(), b.matchedBy(),
                    diffs.size(), diffs);
            LOG.debug("study {}: received {}/{}/{}/{}, booked {}/{}/{}/{}", header.studyInstanceUid(),
                    header.patientId(), header.patientName(), header.patientBirthDate(), header.patientSex(),
                    b.patientId(), b.patientName(), b.patientBirthDate(), b.patientSex());
        }
        return Optional.of(diffs);
    }

    static List<String> differences(InstanceHeader h, WorklistLink.Booking b) {
        List<String> out = new ArrayList<>(4);
        if (!same(h.patientId(), b.patientId())) {
            out.add("PatientID");
        }
        if (!samePersonName(h.patientName(), b.patientName())) {
            out.add("PatientName");
        }
        if (!same(h.patientBirthDate(), b.patientBirthDate())) {
            out.add("PatientBirthDate");
        }
        if (!b.patientSex().isEmpty() && !same(h.patientSex(), b.patientSex())) {
            out.add("PatientSex");
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return norm(a).equals(norm(b));
    }

    /** PN compared case-insensitively, trailing empty components ignored (PS3.5 6.2: "SMITH^JOHN^^" = "SMITH^JOHN"). */
    private static boolean samePersonName(String a, String b) {
        return trimCarets(norm(a)).toUpperCase(Locale.ROOT).equals(trimCarets(norm(b)).toUpperCase(Locale.ROOT));
    }

    private static String trimCarets(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '^' || s.charAt(end - 1) == '=')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String norm(String s) {
        return s == null ? "" : s.strip();
    }
}
