package org.mip.gateway.mwl.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingFilter;
import org.mip.gateway.mwl.MwlFixture;
import org.mip.gateway.mwl.SpsStatus;

/**
 * Seeded random worklists and random queries: what the SQL translation (plus its Java residual) returns must
 * equal what the in-memory {@link KeyMatcher} says of every item, on H2 and on PostgreSQL. A failure prints the
 * seed and the query.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MatcherRandomizedIT {
    private static final long[] SEEDS = {20261126L, 7L, 4242L};
    private static final int ITEMS = 150;
    private static final int QUERIES = 250;

    private static final String[] FAMILY = {"SMITH", "Smith", "SMYTHE", "MÜLLER", "Müller", "O_BRIEN", "50%OFF", "DOE", "doe"};
    private static final String[] GIVEN = {"JOHN", "John", "ANNA", ""};
    private static final String[] MODALITY = {"MR", "CT", "US", "mr"};
    private static final String[] STATION = {"MRI_1", "MRI_2", "CT_1", "US%1"};
    private static final String[] DESCRIPTION = {"MRI HEAD", "CT CHEST", null};

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
    void sqlMatching_equalsTheInMemoryReference(String engine) {
        f = new MwlFixture(engine, tmp);
        for (long seed : SEEDS) {
            run(seed);
        }
    }

    private void run(long seed) {
        Random rnd = new Random(seed);
        String prefix = "R" + seed + "-";
        for (int i = 0; i < ITEMS; i++) {
            f.bookings.book(randomItem(rnd, prefix, i), null, "test");
        }
        List<Booking> all = f.bookings.list(new BookingFilter(null, null, null, null, 100_000)).stream()
                .filter(b -> b.accessionNumber().startsWith(prefix)).toList();
        assertThat(all).hasSize(ITEMS);
        int selective = 0;
        for (int q = 0; q < QUERIES; q++) {
            Attributes query = randomQuery(rnd, prefix);
            QueryOptions options = new QueryOptions(rnd.nextBoolean(), rnd.nextBoolean(), 1 + rnd.nextInt(50));
            KeyMatcher reference = new KeyMatcher(options);
            Attributes sps = query.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            boolean statusGiven = !KeyMatcher.isUniversal(sps, Tag.ScheduledProcedureStepStatus);
            List<String> expected = all.stream()
                    .filter(b -> (statusGiven || SpsStatus.ON_WORKLIST.contains(b.status())) && reference.matches(query, b.item()))
                    .map(b -> b.accessionNumber() + "/" + b.spsId()).sorted().toList();
            List<String> actual = new ArrayList<>();
            try (WorklistCursor c = f.query.find(query, options)) {
                c.forEachRemaining(r -> actual.add(r.getString(Tag.AccessionNumber) + "/"
                        + r.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID)));
            }
            actual.removeIf(s -> !s.startsWith(prefix)); // items of earlier seeds
            assertThat(actual.stream().sorted().toList())
                    .as("seed %d query %d %s options %s", seed, q, describe(query), options)
                    .isEqualTo(expected);
            if (!expected.isEmpty() && expected.size() < ITEMS / 2) {
                selective++;
            }
        }
        // the queries must discriminate, or the comparison proves little
        assertThat(selective).as("selective queries of seed %d", seed).isGreaterThan(QUERIES / 4);
    }

    private static <T> T pick(Random rnd, T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private static Attributes randomItem(Random rnd, String prefix, int i) {
        String family = pick(rnd, FAMILY);
        String given = pick(rnd, GIVEN);
        String date = "202611" + (20 + rnd.nextInt(11));
        String[] times = {null, "%02d", "%02d%02d", "%02d%02d%02d", "%02d%02d%02d.%d"};
        String fmt = pick(rnd, times);
        String time = fmt == null ? null : String.format(fmt, rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1000));
        String name = given.isEmpty() ? family : family + "^" + given;
        String[] aets = rnd.nextInt(4) == 0 ? new String[] {pick(rnd, STATION), pick(rnd, STATION)} : new String[] {pick(rnd, STATION)};
        if (aets.length == 2 && aets[0].equals(aets[1])) {
            aets = new String[] {aets[0]};
        }
        String accession = prefix + (rnd.nextInt(5) == 0 ? "X_" : rnd.nextInt(5) == 0 ? "Y%" : "A") + i;
        Attributes a = MwlFixture.item(accession, "S" + (1 + rnd.nextInt(2)), "P" + rnd.nextInt(12), name,
                pick(rnd, MODALITY), date, time, aets);
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3." + i);
        String d = pick(rnd, DESCRIPTION);
        if (d != null) {
            a.setString(Tag.RequestedProcedureDescription, VR.LO, d);
        }
        if (rnd.nextInt(3) == 0) {
            a.getNestedDataset(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStatus, VR.CS,
                    pick(rnd, SpsStatus.values()).name());
        }
        return a;
    }

    private static Attributes randomQuery(Random rnd, String prefix) {
        Attributes q = new Attributes();
        q.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        switch (rnd.nextInt(6)) {
            case 0 -> q.setString(Tag.AccessionNumber, VR.SH, prefix + pick(rnd, new String[] {"X_*", "Y%*", "A1*", "A?", "?1*"}));
            case 1 -> q.setString(Tag.AccessionNumber, VR.SH, prefix + "A" + rnd.nextInt(ITEMS));
            default -> q.setNull(Tag.AccessionNumber, VR.SH);
        }
        if (rnd.nextInt(3) == 0) {
            String family = pick(rnd, FAMILY);
            String v = switch (rnd.nextInt(6)) {
                case 0 -> family;
                case 1 -> family.substring(0, 1 + rnd.nextInt(family.length() - 1)) + "*";
                case 2 -> family.charAt(0) + "?" + family.substring(2);
                case 3 -> "*^" + pick(rnd, GIVEN);
                case 4 -> family.toLowerCase() + "^" + pick(rnd, GIVEN);
                default -> "*" + family.substring(family.length() - 2);
            };
            q.setString(Tag.PatientName, VR.PN, v);
        } else {
            q.setNull(Tag.PatientName, VR.PN);
        }
        if (rnd.nextInt(5) == 0) {
            q.setString(Tag.PatientID, VR.LO, rnd.nextBoolean() ? "P" + rnd.nextInt(12) : "P1*");
        }
        if (rnd.nextInt(6) == 0) {
            q.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3." + rnd.nextInt(ITEMS), "1.2.3." + rnd.nextInt(ITEMS));
        }
        if (rnd.nextInt(6) == 0) {
            q.setString(Tag.RequestedProcedureDescription, VR.LO, rnd.nextBoolean() ? "MRI*" : "CT CHEST");
        }
        Attributes sps = q.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setNull(Tag.ScheduledProcedureStepID, VR.SH);
        if (rnd.nextInt(3) == 0) {
            sps.setString(Tag.Modality, VR.CS, rnd.nextBoolean() ? pick(rnd, MODALITY) : "?R");
        }
        if (rnd.nextInt(4) == 0) {
            sps.setString(Tag.ScheduledStationAETitle, VR.AE, rnd.nextBoolean() ? pick(rnd, STATION) : "MRI*");
        }
        if (rnd.nextInt(2) == 0) {
            int d1 = 20 + rnd.nextInt(11);
            int d2 = d1 + rnd.nextInt(4);
            String v = switch (rnd.nextInt(4)) {
                case 0 -> "202611" + d1;
                case 1 -> "202611" + d1 + "-202611" + Math.min(d2, 30);
                case 2 -> "202611" + d1 + "-";
                default -> "-202611" + d1;
            };
            sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, v);
        }
        if (rnd.nextInt(2) == 0) {
            int h1 = rnd.nextInt(24);
            int h2 = Math.min(23, h1 + rnd.nextInt(6));
            String v = switch (rnd.nextInt(5)) {
                case 0 -> String.format("%02d", h1);
                case 1 -> String.format("%02d%02d-%02d", h1, rnd.nextInt(60), h2);
                case 2 -> String.format("%02d-", h1);
                case 3 -> String.format("-%02d%02d", h1, rnd.nextInt(60));
                default -> String.format("%02d0000-%02d5959", h1, h2);
            };
            sps.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, v);
        }
        if (rnd.nextInt(4) == 0) {
            sps.setString(Tag.ScheduledProcedureStepStatus, VR.CS, rnd.nextBoolean() ? pick(rnd, SpsStatus.values()).name() : "*ED");
        }
        if (rnd.nextInt(8) == 0) {
            sps.setString(Tag.ScheduledProcedureStepID, VR.SH, "S1");
        }
        return q;
    }

    private static String describe(Attributes q) {
        StringBuilder sb = new StringBuilder();
        append(q, sb);
        return sb.toString();
    }

    private static void append(Attributes a, StringBuilder sb) {
        for (int i = 0; i < a.size(); i++) {
            int tag = a.tagAt(i);
            if (a.vrAt(i) == VR.SQ) {
                sb.append(Tag.toString(tag)).append("[");
                append(a.getNestedDataset(tag), sb);
                sb.append("] ");
            } else if (a.containsValue(tag)) {
                sb.append(Tag.toString(tag)).append('=').append(String.join("\\", a.getStrings(tag))).append(' ');
            }
        }
    }
}
