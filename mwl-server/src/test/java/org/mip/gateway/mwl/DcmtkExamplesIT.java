package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.testing.Peers;

/**
 * DCMTK's example worklist ({@code wlistdb/OFFIS/*.dump}, 10 items) imported from {@code .wl} files made by
 * {@code dump2dcm}, and DCMTK's example queries ({@code wlistqry/*.dump}) evaluated at the service level. The
 * expected answers follow PS3.4 K and C.2.2.2 (and agree with what {@code wlmscpfs} answers, as far as matching goes).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DcmtkExamplesIT {
    private static final Path EXAMPLES = Path.of("/usr/share/doc/dcmtk/examples");
    private static final List<String> ALL = List.of("00000", "00001", "00002", "00003", "00004", "00005", "00006",
            "00007", "00008", "00009");

    @TempDir
    Path tmp;

    private MwlFixture f;
    private final Map<String, Attributes> files = new HashMap<>();

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private void importExamples(String engine) throws Exception {
        Path dump2dcm = Peers.require("dump2dcm", "dcmtk");
        if (!Files.isDirectory(EXAMPLES.resolve("wlistdb/OFFIS"))) {
            Peers.missing("DCMTK examples " + EXAMPLES, "dcmtk");
        }
        Path db = Files.createDirectories(tmp.resolve("wlistdb/OFFIS"));
        Files.createFile(db.resolve("lockfile"));
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("wlistdb/OFFIS"))) {
            for (Path dump : s.filter(p -> p.toString().endsWith(".dump")).sorted().toList()) {
                Path wl = db.resolve(dump.getFileName().toString().replace(".dump", ".wl"));
                convert(dump2dcm, dump, wl);
                Attributes item = WorklistImporter.read(wl);
                files.put(item.getString(Tag.AccessionNumber), item);
            }
        }
        f = new MwlFixture(engine, tmp.resolve("h2"));
        WorklistImporter.Result r = new WorklistImporter(f.bookings).importPaths(List.of(tmp.resolve("wlistdb")), null, "import");
        assertThat(r.failures()).isEmpty();
        assertThat(r.created()).isEqualTo(10);
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(ALL);
    }

    private Attributes query(String name) throws Exception {
        Path dcm = tmp.resolve(name + ".dcm");
        convert(Peers.require("dump2dcm", "dcmtk"), EXAMPLES.resolve("wlistqry/" + name + ".dump"), dcm);
        return WorklistImporter.read(dcm);
    }

    private static void convert(Path dump2dcm, Path dump, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(dump2dcm.toString(), "-q", dump.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("dump2dcm %s: %s", dump, output).isZero();
    }

    private List<String> accessions(List<Attributes> responses) {
        // queries without Accession Number: identify the item by its Patient's Name and SPS (unique here)
        return responses.stream().map(this::accessionOf).sorted().toList();
    }

    private String accessionOf(Attributes r) {
        if (r.containsValue(Tag.AccessionNumber)) {
            return r.getString(Tag.AccessionNumber);
        }
        if (r.containsValue(Tag.RequestedProcedureID)) {
            return files.values().stream().filter(i -> r.getString(Tag.RequestedProcedureID).equals(i.getString(Tag.RequestedProcedureID)))
                    .map(i -> i.getString(Tag.AccessionNumber)).findFirst().orElse("?");
        }
        return files.values().stream().filter(i -> matchesFile(r, i)).map(i -> i.getString(Tag.AccessionNumber))
                .findFirst().orElse("?");
    }

    /** Whether every SPS value the response carries equals the file's (enough to tell the examples apart). */
    private static boolean matchesFile(Attributes r, Attributes file) {
        Attributes rs = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        Attributes fs = file.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        if (!r.getString(Tag.PatientName, "").equals(file.getString(Tag.PatientName, ""))) {
            return false;
        }
        if (rs == null) {
            return true;
        }
        for (int i = 0; i < rs.size(); i++) {
            int tag = rs.tagAt(i);
            if (rs.getVR(tag) != VR.SQ && tag != Tag.ScheduledProcedureStepStatus
                    && !String.join("\\", orEmpty(rs.getStrings(tag))).equals(String.join("\\", orEmpty(fs.getStrings(tag))))) {
                return false;
            }
        }
        return true;
    }

    private static String[] orEmpty(String[] s) {
        return s == null ? new String[0] : s;
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void universalQueries_returnEveryItem(String engine) throws Exception {
        importExamples(engine);
        for (String q : List.of("wlistqry1", "wlistqry10", "wlistqry11")) {
            List<Attributes> rs = f.find(query(q));
            assertThat(accessions(rs)).as(q).containsExactlyElementsOf(ALL);
        }
        for (String q : List.of("wlistqry0", "wlistqry3")) { // responses without a key unique to an item
            assertThat(f.find(query(q))).as(q).hasSize(10);
        }
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void queriesForStationsAndModalitiesThatAreNotBooked_returnNothing(String engine) throws Exception {
        importExamples(engine);
        // AA2 / AA4 (station AE), A2 (station name), DD (modality) are in no item
        for (String q : List.of("wlistqry2", "wlistqry4", "wlistqry6", "wlistqry7", "wlistqry8", "wlistqry9", "wlistqry12")) {
            assertThat(f.find(query(q))).as(q).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void timeRangeFromNoon_returnsTheAfternoonItems(String engine) throws Exception {
        importExamples(engine);
        List<Attributes> rs = f.find(query("wlistqry5")); // SPS Start Time 120000- (PS3.4 C.2.2.2.5)
        assertThat(accessions(rs)).containsExactly("00001", "00002", "00003", "00004", "00006", "00007");
        for (Attributes r : rs) {
            Attributes sps = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            assertThat(sps.getString(Tag.ScheduledProcedureStepStartTime)).isGreaterThanOrEqualTo("120000");
            assertThat(tagsOf(sps)).containsExactly(Tag.Modality, Tag.ScheduledProcedureStepStartDate,
                    Tag.ScheduledProcedureStepStartTime, Tag.ScheduledPerformingPhysicianName, Tag.ScheduledProcedureStepID);
        }
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void fullQuery_returnsEachItemsValues(String engine) throws Exception {
        importExamples(engine);
        Attributes q = query("wlistqry11");
        for (Attributes r : f.find(q)) {
            Attributes file = files.get(r.getString(Tag.AccessionNumber));
            assertThat(r.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100"); // as booked, all ASCII
            for (int i = 0; i < q.size(); i++) {
                int tag = q.tagAt(i);
                if (tag == Tag.ScheduledProcedureStepSequence || tag == Tag.MedicalAlerts || tag == Tag.Allergies) {
                    continue;
                }
                assertThat(r.getString(tag)).as("%s of %s", Tag.toString(tag), file.getString(Tag.AccessionNumber))
                        .isEqualTo(file.getString(tag));
            }
            Attributes rs = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            Attributes fs = file.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            Attributes qs = q.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            assertThat(tagsOf(rs)).containsExactlyElementsOf(tagsOf(qs));
            for (int i = 0; i < qs.size(); i++) {
                int tag = qs.tagAt(i);
                assertThat(rs.getStrings(tag)).as(Tag.toString(tag)).isEqualTo(fs.getStrings(tag) == null ? new String[0] : fs.getStrings(tag));
            }
        }
    }

    /**
     * Not a PS3.4 matching difference but a modelling one: Medical Alerts and Contrast Allergies belong to the
     * patient (PS3.3 C.2.4 Patient Medical Module; K.6 puts them at the patient level), so one patient's items
     * show the values of the patient's latest booking; {@code wlmscpfs} answers each file's own values.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void patientLevelAttributes_followThePatientsLatestBooking(String engine) throws Exception {
        importExamples(engine);
        Attributes q = query("wlistqry1");
        for (Attributes r : f.find(q)) {
            if (r.getString(Tag.PatientID).equals("AV35674")) {
                // wklist3.wl (00003) is imported last of VIVALDI's three files
                assertThat(r.getString(Tag.MedicalAlerts)).isEqualTo("LEUKEMIA");
                assertThat(r.getString(Tag.Allergies)).isEqualTo("WISMUT");
            }
        }
    }

    /**
     * Requested keys the items lack are returned with zero length, sequences as empty sequences (PS3.4
     * K.4.1.1.3.2 / C.4.1.1.3.2 say every requested key is returned); {@code wlmscpfs} leaves out keys it does not
     * support, e.g. Requested Procedure Code Sequence (wlistqry0) and Scheduled Protocol Code Sequence (wlistqry10).
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void requestedSequencesAbsentFromTheItems_areReturnedEmpty(String engine) throws Exception {
        importExamples(engine);
        for (Attributes r : f.find(query("wlistqry0"))) {
            assertThat(tagsOf(r)).containsExactly(Tag.SpecificCharacterSet, Tag.PatientName, Tag.RequestedProcedureCodeSequence);
            assertThat(r.getSequence(Tag.RequestedProcedureCodeSequence)).isEmpty();
        }
        for (Attributes r : f.find(query("wlistqry10"))) {
            Attributes sps = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            assertThat(tagsOf(sps)).containsExactly(Tag.Modality, Tag.ScheduledProtocolCodeSequence, Tag.ScheduledProcedureStepLocation);
            assertThat(sps.getSequence(Tag.ScheduledProtocolCodeSequence)).isEmpty();
        }
    }

    /**
     * An empty item in the Scheduled Procedure Step Sequence key (wlistqry1, wlistqry3) returns the whole stored
     * step (an implementation choice; {@code wlmscpfs} returns its fixed list of supported SPS keys, absent ones
     * with zero length), including the SPS Status this gateway keeps.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void emptySpsItem_returnsTheWholeStep(String engine) throws Exception {
        importExamples(engine);
        for (Attributes r : f.find(query("wlistqry3"))) {
            Attributes sps = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            Attributes file = files.values().stream().filter(i -> i.getString(Tag.PatientName).equals(r.getString(Tag.PatientName))
                    && i.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID)
                            .equals(sps.getString(Tag.ScheduledProcedureStepID))).findFirst().orElseThrow();
            Attributes fs = file.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            for (int i = 0; i < fs.size(); i++) {
                assertThat(sps.contains(fs.tagAt(i))).as(Tag.toString(fs.tagAt(i))).isTrue();
            }
            assertThat(sps.getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");
        }
    }

    private static List<Integer> tagsOf(Attributes a) {
        Integer[] t = new Integer[a.size()];
        for (int i = 0; i < a.size(); i++) {
            t[i] = a.tagAt(i);
        }
        return List.of(t);
    }

}
