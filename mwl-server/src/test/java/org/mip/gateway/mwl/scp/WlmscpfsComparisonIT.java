package org.mip.gateway.mwl.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.mwl.WorklistImporter;
import org.mip.gateway.mwl.query.QueryOptions;
import org.mip.gateway.mwl.scp.Dcmtk.FindResult;
import org.mip.gateway.mwl.scp.Dcmtk.Wlmscpfs;
import org.mip.gateway.net.server.DicomServer;

/**
 * Our MWL SCP against DCMTK's {@code wlmscpfs} on the same worklist: DCMTK's example items ({@code wlistdb/OFFIS})
 * plus one Latin-1 item, imported into our database (H2 and PostgreSQL) and served from {@code .wl} files by
 * {@code wlmscpfs -csk}; every example query of {@code wlistqry/} and our own queries for each matching type of
 * PS3.4 C.2.2.2 go to both with {@code findscu -W}, and the answers are compared as multisets of responses,
 * attribute by attribute (decoded with our parser).
 *
 * <p>They are equal except where PS3.4 lets implementations differ; each such difference has its own test
 * below, citing the section, and is left out of the general comparison ({@link #COMPARE}): zero-length values
 * (keys one side does not support or the item lacks), Specific Character Set (both declare what they send, in
 * different sets), SPS Status, and the patient-level Medical Alerts / Contrast Allergies.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WlmscpfsComparisonIT {
    static final String AET = "OFFIS";
    static final String SPS = "ScheduledProcedureStepSequence[0].";
    static final List<String> RETURN_KEYS = List.of("AccessionNumber", "PatientName", "PatientID", "PatientBirthDate",
            "PatientSex", "StudyInstanceUID", "RequestedProcedureID", "RequestingPhysician", SPS + "Modality",
            SPS + "ScheduledStationAETitle", SPS + "ScheduledProcedureStepStartDate",
            SPS + "ScheduledProcedureStepStartTime", SPS + "ScheduledPerformingPhysicianName",
            SPS + "ScheduledProcedureStepID", SPS + "ScheduledProcedureStepDescription");

    /** The general comparison leaves out what the difference tests below assert. */
    static final Canon.Rules COMPARE = new Canon.Rules(true,
            Set.of(Tag.MedicalAlerts, Tag.Allergies, Tag.ScheduledProcedureStepStatus), true);

    @TempDir
    static Path shared;
    static Path worklist;
    static List<Path> exampleQueries;
    static Wlmscpfs wlmscpfs;

    @TempDir
    Path tmp;
    MwlTestServer ours;
    int run;

    @BeforeAll
    static void startWlmscpfs() throws Exception {
        worklist = shared.resolve("wlistdb");
        Path db = Dcmtk.exampleWorklist(worklist, AET);
        // one item with Latin-1 text (ISO_IR 100), for the character set comparison
        Path dump = shared.resolve("latin1.dump");
        Files.write(dump, LATIN1_ITEM.getBytes(StandardCharsets.ISO_8859_1));
        Dcmtk.dump2dcm(dump, db.resolve("latin1.wl"));
        exampleQueries = Dcmtk.exampleQueries(shared.resolve("queries"));
        wlmscpfs = Wlmscpfs.start(worklist, "-csk");
    }

    @AfterAll
    static void stopWlmscpfs() throws Exception {
        if (wlmscpfs != null) {
            wlmscpfs.close();
        }
    }

    @AfterEach
    void stopOurs() {
        if (ours != null) {
            ours.close();
        }
    }

    private void startOurs(String engine) throws Exception {
        ours = MwlTestServer.start(engine, tmp, AET);
        WorklistImporter.Result r = new WorklistImporter(ours.module.bookings()).importPaths(List.of(worklist), null,
                "test");
        assertThat(r.failures()).isEmpty();
        assertThat(r.created()).isEqualTo(11);
    }

    private FindResult find(int port, List<String> args) throws Exception {
        return Dcmtk.findscu(port, AET, tmp.resolve("rsp" + run++), args);
    }

    /** -k arguments: the return keys, with the matching values given ("Key=value") in their place. */
    static List<String> keys(String... matching) {
        Map<String, String> m = new LinkedHashMap<>();
        RETURN_KEYS.forEach(k -> m.put(k, k));
        for (String kv : matching) {
            m.put(kv.substring(0, kv.indexOf('=')), kv);
        }
        List<String> out = new ArrayList<>();
        m.values().forEach(k -> {
            out.add("-k");
            out.add(k);
        });
        return out;
    }

    private static List<String> accessions(FindResult r) {
        return r.responses().stream().map(a -> a.getString(Tag.AccessionNumber, "")).sorted().toList();
    }

    // ---- equal answers

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void dcmtkExampleQueries_answerAsWlmscpfsDoes(String engine) throws Exception {
        startOurs(engine);
        assertThat(exampleQueries).hasSize(13);
        int nonEmpty = 0;
        for (Path q : exampleQueries) {
            FindResult mine = find(ours.port(), List.of(q.toString()));
            FindResult theirs = find(wlmscpfs.port, List.of(q.toString()));
            assertThat(mine.finalStatus()).as(q.toString()).contains("Success");
            assertThat(Canon.all(mine.responses(), COMPARE)).as(q.getFileName().toString())
                    .isEqualTo(Canon.all(theirs.responses(), COMPARE));
            // PS3.4 C.4.1.1.3.2: Specific Character Set in every response identifier, checked on the wire
            assertThat(mine.responses()).allSatisfy(r -> assertThat(r.contains(Tag.SpecificCharacterSet)).isTrue());
            nonEmpty += mine.responses().isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).isEqualTo(6);
    }

    /** Our own queries, one or more per matching type of PS3.4 C.2.2.2, with the accessions both answer. */
    static final Map<String, List<String>> OWN = new LinkedHashMap<>();
    static final Map<String, List<String>> OWN_EXPECTED = new LinkedHashMap<>();

    static void own(String name, List<String> args, String... expected) {
        OWN.put(name, args);
        OWN_EXPECTED.put(name, List.of(expected));
    }

    static {
        own("single value (C.2.2.2.1)", keys("PatientID=AV35674"), "00000", "00002", "00003");
        own("single value, case-sensitive CS", keys(SPS + "Modality=ct"));
        own("universal (C.2.2.2.3)", keys(), "00000", "00001", "00002", "00003", "00004", "00005", "00006", "00007",
                "00008", "00009", "10001");
        own("wild card * (C.2.2.2.4)", keys("PatientName=VIV*"), "00000", "00002", "00003");
        own("wild card ? (C.2.2.2.4)", keys("PatientName=HAYDN^FRANZ^JOS?PH"), "00004", "00005", "00006");
        own("wild card ? and *", keys("PatientName=?OZART*"), "00001", "00009");
        own("wild card in the given name", keys("PatientName=*^WOLFGANG*"), "00001", "00009");
        own("single date", keys(SPS + "ScheduledProcedureStepStartDate=19960406"), "00002");
        own("date range (C.2.2.2.5)", keys(SPS + "ScheduledProcedureStepStartDate=19960101-19961231"), "00001",
                "00002", "00003", "00004", "00007", "00008", "10001");
        own("date range open below", keys(SPS + "ScheduledProcedureStepStartDate=-19951231"), "00000", "00005",
                "00006", "00009");
        own("date range open above", keys(SPS + "ScheduledProcedureStepStartDate=19960501-"), "00001", "00007",
                "10001");
        own("time range", keys(SPS + "ScheduledProcedureStepStartTime=120000-170000"), "00002", "00003", "00004",
                "00006", "00007");
        own("time range open below", keys(SPS + "ScheduledProcedureStepStartTime=-100000"), "00000", "00005",
                "00009");
        own("sequence matching, two keys in the SPS item (C.2.2.2.6)",
                keys(SPS + "Modality=CT", SPS + "ScheduledStationAETitle=AB45"), "00002");
        own("sequence matching, one of several station AE titles",
                keys(SPS + "ScheduledStationAETitle=NN77"), "00003", "00008");
        own("PN in the SPS item", keys(SPS + "ScheduledPerformingPhysicianName=ROSS"), "00002", "00006", "00008");
        own("modality and date, as a modality asks", keys(SPS + "Modality=MR",
                SPS + "ScheduledProcedureStepStartDate=19960805"), "00001", "10001");
        own("several values in one key", keys("AccessionNumber=00004\\00005"), "00004", "00005");
        own("no match", keys("PatientID=NOBODY"));
    }

    static List<String> ownQueries() {
        return List.copyOf(OWN.keySet());
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void ownQueriesForEachMatchingType_answerAsWlmscpfsDoes(String engine) throws Exception {
        startOurs(engine);
        for (Map.Entry<String, List<String>> q : OWN.entrySet()) {
            FindResult mine = find(ours.port(), q.getValue());
            FindResult theirs = find(wlmscpfs.port, q.getValue());
            assertThat(accessions(mine)).as(q.getKey()).isEqualTo(OWN_EXPECTED.get(q.getKey()));
            assertThat(Canon.all(mine.responses(), COMPARE)).as(q.getKey())
                    .isEqualTo(Canon.all(theirs.responses(), COMPARE));
        }
    }

    // ---- where PS3.4 lets implementations differ: one test each

    /**
     * PS3.4 K.4.1.1.3.2 / C.4.1.1.3.2: the SCP returns a value for every requested key it supports, zero length
     * when the item has none. We support Requested Procedure Code Sequence (wlistqry0) and Scheduled Protocol Code
     * Sequence (wlistqry10) and return them empty, as the example items lack them; {@code wlmscpfs} does not
     * support them and leaves them out.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void requestedSequencesTheItemsLack_areReturnedEmpty_whereWlmscpfsLeavesThemOut(String engine) throws Exception {
        startOurs(engine);
        FindResult mine = find(ours.port(), List.of(query("wlistqry0").toString()));
        FindResult theirs = find(wlmscpfs.port, List.of(query("wlistqry0").toString()));
        assertThat(mine.responses()).hasSize(11).allSatisfy(r -> assertThat(r.getSequence(
                Tag.RequestedProcedureCodeSequence)).isEmpty());
        assertThat(theirs.responses()).hasSize(11).allSatisfy(r -> assertThat(r.contains(
                Tag.RequestedProcedureCodeSequence)).isFalse());

        mine = find(ours.port(), List.of(query("wlistqry10").toString()));
        theirs = find(wlmscpfs.port, List.of(query("wlistqry10").toString()));
        assertThat(mine.responses()).allSatisfy(r -> assertThat(r.getNestedDataset(Tag.ScheduledProcedureStepSequence)
                .getSequence(Tag.ScheduledProtocolCodeSequence)).isEmpty());
        assertThat(theirs.responses()).allSatisfy(r -> assertThat(r.getNestedDataset(
                Tag.ScheduledProcedureStepSequence).contains(Tag.ScheduledProtocolCodeSequence)).isFalse());
    }

    /**
     * PS3.4 C.2.2.2.6: an empty item in a sequence key is universal matching and asks for all attributes of the
     * sequence. We return the step as stored; {@code wlmscpfs} returns its fixed list of SPS attributes, e.g. SPS
     * End Date/Time (0040,0004)/(0040,0005) with zero length. The values both return are equal.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void emptySpsItem_returnsTheStoredStep_whereWlmscpfsReturnsItsFixedAttributeList(String engine) throws Exception {
        startOurs(engine);
        for (String q : List.of("wlistqry1", "wlistqry3")) {
            FindResult mine = find(ours.port(), List.of(query(q).toString()));
            FindResult theirs = find(wlmscpfs.port, List.of(query(q).toString()));
            assertThat(theirs.responses()).allSatisfy(r -> {
                Attributes sps = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
                assertThat(sps.contains(Tag.ScheduledProcedureStepEndDate)).isTrue();
                assertThat(sps.getString(Tag.ScheduledProcedureStepEndDate)).isNull();
            });
            assertThat(mine.responses()).allSatisfy(r -> assertThat(r.getNestedDataset(
                    Tag.ScheduledProcedureStepSequence).contains(Tag.ScheduledProcedureStepEndDate)).isFalse());
            assertThat(Canon.all(mine.responses(), COMPARE)).as(q).isEqualTo(Canon.all(theirs.responses(), COMPARE));
        }
    }

    /**
     * PS3.4 K.6 (Table K.6-1): Scheduled Procedure Step Status (0040,0020) is a return key. We keep each step's
     * status (SCHEDULED until MPPS moves it) and return it; {@code wlmscpfs} returns what the file holds: nothing.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void spsStatus_isTheStatusWeTrack_whereWlmscpfsReturnsTheFilesEmptyValue(String engine) throws Exception {
        startOurs(engine);
        List<String> args = keys(SPS + "ScheduledProcedureStepStatus=");
        FindResult mine = find(ours.port(), args);
        FindResult theirs = find(wlmscpfs.port, args);
        assertThat(mine.responses()).hasSize(11).allSatisfy(r -> assertThat(r.getNestedDataset(
                Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED"));
        assertThat(theirs.responses()).hasSize(11).allSatisfy(r -> assertThat(r.getNestedDataset(
                Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus)).isNull());
    }

    /**
     * PS3.4 K.6: Medical Alerts and Contrast Allergies are patient-level attributes (PS3.3 C.2.4 Patient Medical
     * Module). We hold one patient record, so all of a patient's items show the values of the latest booking;
     * {@code wlmscpfs} answers each file's own values (the examples give VIVALDI three different ones).
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void patientLevelAttributes_followThePatientsLatestBooking_whereWlmscpfsAnswersEachFile(String engine)
            throws Exception {
        startOurs(engine);
        List<String> args = keys("PatientID=AV35674", "MedicalAlerts=", "Allergies=");
        FindResult mine = find(ours.port(), args);
        FindResult theirs = find(wlmscpfs.port, args);
        assertThat(mine.responses()).extracting(r -> r.getString(Tag.MedicalAlerts)).containsOnly("LEUKEMIA");
        assertThat(theirs.responses()).extracting(r -> r.getString(Tag.MedicalAlerts)).hasSize(3)
                .doesNotHaveDuplicates();
        assertThat(Canon.all(mine.responses(), COMPARE)).isEqualTo(Canon.all(theirs.responses(), COMPARE));
    }

    /**
     * PS3.4 C.2.2.2.1: for PN "an application may perform literal matching that is either case-sensitive, or that
     * is insensitive to some or all aspects of case". Ours is case-insensitive by default (a worklist search typed
     * at the console in lower case still finds the patient); {@code wlmscpfs} is case-sensitive.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void personNames_matchCaseInsensitively_whereWlmscpfsIsCaseSensitive(String engine) throws Exception {
        startOurs(engine);
        for (String key : List.of("PatientName=vivaldi^antonio", "PatientName=vIvAl*")) {
            assertThat(accessions(find(ours.port(), keys(key)))).as(key).containsExactly("00000", "00002", "00003");
            assertThat(find(wlmscpfs.port, keys(key)).responses()).as(key).isEmpty();
            String upper = key.substring(0, 12) + key.substring(12).toUpperCase();
            assertThat(Canon.all(find(ours.port(), keys(key)).responses(), COMPARE))
                    .isEqualTo(Canon.all(find(wlmscpfs.port, keys(upper)).responses(), COMPARE));
        }
        FindResult hit = find(ours.port(), keys(SPS + "ScheduledPerformingPhysicianName=ross"));
        assertThat(accessions(hit)).containsExactly("00002", "00006", "00008");
    }

    /**
     * PS3.4 C.2.2.2.1 (PN matching may be insensitive to aspects beyond the literal value; see also
     * C.2.2.2.4 for the wild card form): we match PN keys per component, and components the key leaves out are
     * universal, so a family name alone ("VIVALDI") finds "VIVALDI^ANTONIO". {@code wlmscpfs} compares the whole
     * value, so the SCU must write "VIVALDI*" there. This is the one lenient reading among the differences; the
     * wild card form answers the same on both.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void familyNameKey_matchesPerComponent_whereWlmscpfsComparesTheWholeName(String engine) throws Exception {
        startOurs(engine);
        assertThat(accessions(find(ours.port(), keys("PatientName=VIVALDI")))).containsExactly("00000", "00002",
                "00003");
        assertThat(find(wlmscpfs.port, keys("PatientName=VIVALDI")).responses()).isEmpty();
        assertThat(Canon.all(find(ours.port(), keys("PatientName=VIVALDI")).responses(), COMPARE))
                .isEqualTo(Canon.all(find(wlmscpfs.port, keys("PatientName=VIVALDI^*")).responses(), COMPARE));
    }

    /**
     * PS3.4 Table K.6-1: Study Instance UID is an optional matching key (type O), which an SCP need not support
     * (K.2.2.1); we support it with list of UID matching (C.2.2.2.2). {@code wlmscpfs} treats it as a return key
     * only and answers every item (with Pending FF00H, not the FF01H "optional keys not supported").
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void studyInstanceUidList_isMatched_whereWlmscpfsIgnoresTheOptionalKey(String engine) throws Exception {
        startOurs(engine);
        List<String> args = keys("StudyInstanceUID=1.2.276.0.7230010.3.2.101\\1.2.276.0.7230010.3.2.106\\1.2.3.4");
        assertThat(accessions(find(ours.port(), args))).containsExactly("00000", "00006");
        assertThat(find(wlmscpfs.port, args).responses()).hasSize(11);
    }

    /**
     * PS3.4 C.2.2.2.5.1 and K.3.1: SPS Start Date and Start Time are matched as one date-time range only when the
     * SCU negotiated combined date and time matching (SOP Class Extended Negotiation); otherwise each range is
     * matched on its own. {@code wlmscpfs} always combines them (findscu cannot negotiate it). With the option
     * on, our answer equals {@code wlmscpfs}'s.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void dateAndTimeRanges_matchSeparately_unlessCombinedMatchingIsNegotiated(String engine) throws Exception {
        startOurs(engine);
        List<String> args = keys(SPS + "ScheduledProcedureStepStartDate=19960101-19961231",
                SPS + "ScheduledProcedureStepStartTime=150000-");
        // separately: a date in 1996 and a time from 15:00
        assertThat(accessions(find(ours.port(), args))).containsExactly("00001", "00002", "00004");
        // combined: from 1996-01-01 15:00 to the end of 1996
        FindResult theirs = find(wlmscpfs.port, args);
        assertThat(accessions(theirs)).containsExactly("00001", "00002", "00003", "00004", "00007", "00008", "10001");
        DicomServer combined = MwlTestServer.server(AET, List.of(new MwlFindScp(ours.module::query,
                QueryOptions.DEFAULT.withCombinedDateTimeMatching(true))));
        try {
            FindResult mine = find(combined.port(), args);
            assertThat(Canon.all(mine.responses(), COMPARE)).isEqualTo(Canon.all(theirs.responses(), COMPARE));
        } finally {
            combined.stop(Duration.ofSeconds(2));
        }
    }

    /**
     * PS3.4 C.4.1.1.3.2 (Specific Character Set in the response Identifier when text is not in the default
     * repertoire) and PS3.5 6.1: we declare the character set of every response; Latin-1 text goes out in UTF-8
     * (ISO_IR 192), ASCII with the set it was booked in. {@code wlmscpfs} by default ({@code -cs0}) declares none
     * and sends the file's Latin-1 bytes undeclared; with {@code -csk} it declares the file's ISO_IR 100. The
     * decoded text is the same.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void specificCharacterSet_isInEveryResponse_whereWlmscpfsDefaultDeclaresNone(String engine) throws Exception {
        startOurs(engine);
        List<String> args = keys("AccessionNumber=10001");
        Attributes mine = find(ours.port(), args).responses().get(0);
        assertThat(mine.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(mine.getString(Tag.PatientName)).isEqualTo("MÜLLER^JÜRGEN");
        Attributes kept = find(wlmscpfs.port, args).responses().get(0);
        assertThat(kept.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(kept.getString(Tag.PatientName)).isEqualTo("MÜLLER^JÜRGEN");
        try (Wlmscpfs byDefault = Wlmscpfs.start(worklist)) {
            Attributes undeclared = find(byDefault.port, args).responses().get(0);
            assertThat(undeclared.contains(Tag.SpecificCharacterSet)).isFalse();
            // the Latin-1 byte of Ü (DCH), outside the default repertoire, with no character set declared
            assertThat(undeclared.getBytes(Tag.PatientName)).contains((byte) 0xDC);
        }
        // ASCII items: the set they were booked in (the examples declare ISO_IR 100)
        for (Attributes r : find(ours.port(), keys("PatientID=HF")).responses()) {
            assertThat(r.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        }
    }

    private static Path query(String name) {
        return exampleQueries.stream().filter(p -> p.getFileName().toString().equals(name + ".dcm")).findFirst()
                .orElseThrow();
    }

    static final String LATIN1_ITEM = """
            (0008,0005) CS [ISO_IR 100]
            (0008,0050) SH [10001]
            (0010,0010) PN [MÜLLER^JÜRGEN]
            (0010,0020) LO [ML1]
            (0010,0030) DA [19700101]
            (0010,0040) CS [M]
            (0020,000d) UI [1.2.276.0.7230010.3.2.901]
            (0032,1032) PN [WEIß]
            (0032,1060) LO [KNIE LINKS]
            (0040,0100) SQ
            (fffe,e000) -
            (0008,0060) CS [MR]
            (0040,0001) AE [AA32]
            (0040,0002) DA [19960805]
            (0040,0003) TM [101500]
            (0040,0006) PN [JOHNSON]
            (0040,0007) LO [KNIE MRT ÄRZTIN]
            (0040,0009) SH [SPD9001]
            (0040,0010) SH [STN456]
            (0040,0011) SH [B34F56]
            (fffe,e00d) -
            (fffe,e0dd) -
            (0040,1001) SH [RP9001]
            (0040,1003) SH [HIGH]
            """;
}
