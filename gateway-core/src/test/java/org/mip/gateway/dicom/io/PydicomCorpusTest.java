package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of pydicom's corpus (any *.dcm under its data directory, so new files are covered): read,
 * written back in its own transfer syntax, compared byte for byte and through DCMTK's dcmdump.
 */
class PydicomCorpusTest {

    /** Files the toolkit refuses: the exact message a user sees, and why. */
    static final Map<String, String[]> REFUSED = Map.of(
            "test_files/MR_truncated.dcm", new String[] {
                "(7FE0,0010) at offset 1488: length 8192 exceeds the 8130 bytes left in the input",
                "truncated: Pixel Data is cut short. pydicom returns the short value silently; DCMTK refuses too"},
            "test_files/rtplan_truncated.dcm", new String[] {
                "(300A,00B0) at offset 1410: length 976 exceeds the 711 bytes left in the input",
                "truncated inside Beam Sequence. pydicom returns a partial data set silently; DCMTK refuses too"},
            "test_files/no_meta.dcm", new String[] {
                "at offset 0: not DICOM: no preamble with DICM prefix, no File Meta Information, and the first bytes "
                        + "are not a data element in any transfer syntax",
                "no meta and a stray byte before the first element. pydicom refuses it too (force=True yields one "
                        + "garbage element); DCMTK refuses"});

    /** Files read fine whose re-encoding legitimately differs from the source bytes. */
    static final Map<String, String> NOT_CANONICAL = Map.of(
            "charset_files/chrJapMulti.dcm", "elements out of ascending tag order: written sorted",
            "charset_files/chrKoreanMulti.dcm", "elements out of ascending tag order: written sorted",
            "palettes/winter.dcm", "(0008,0018) present twice: the second is dropped, as DCMTK does",
            "test_files/693_J2KI.dcm", "wrong group length values: recalculated",
            "test_files/SC_rgb_jpeg.dcm", "meta says Explicit VR but the data set is Implicit VR: written as the meta says",
            "test_files/image_dfl.dcm", "deflated by another compressor: the inflated data set is identical, the deflate stream is not",
            "test_files/no_meta_group_length.dcm", "meta without (0002,0000): written with it (Type 1, PS3.10 7.1)");

    static java.util.stream.Stream<String> files() {
        return Corpus.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyFileIsReadOrRefusedWithItsDocumentedMessage(String rel) throws IOException {
        Path p = Corpus.path(rel);
        String[] refused = REFUSED.get(rel);
        if (refused != null) {
            assertThatThrownBy(() -> DicomInputStream.readFile(p))
                    .isExactlyInstanceOf(DicomParseException.class).hasMessage(refused[0]);
            return;
        }
        DicomFile f = DicomInputStream.readFile(p);
        assertThat(f.dataset().size()).as("elements read").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void fileWrittenBackInItsOwnSyntaxIsByteIdenticalWhereTheSourceIsCanonical(String rel) throws IOException {
        Assumptions.assumeFalse(REFUSED.containsKey(rel), "refused");
        Path p = Corpus.path(rel);
        byte[] out = Corpus.write(DicomInputStream.readFile(p));
        byte[] src = Files.readAllBytes(p);
        if (NOT_CANONICAL.containsKey(rel)) {
            assertThat(out).as("listed as not canonical (" + NOT_CANONICAL.get(rel) + ") but written identically")
                    .isNotEqualTo(src);
        } else {
            assertThat(out).as("bytes written back").isEqualTo(src);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void fileWrittenBackReadsBackElementForElement(String rel) throws IOException {
        Assumptions.assumeFalse(REFUSED.containsKey(rel), "refused");
        DicomFile f = DicomInputStream.readFile(Corpus.path(rel));
        DicomFile back = Corpus.read(Corpus.write(f));
        assertThat(back.transferSyntax().uid()).isEqualTo(f.transferSyntax().uid());
        assertThat(withoutGroupLengths(fullDump(back))).isEqualTo(withoutGroupLengths(fullDump(f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void fileWrittenBackDumpsLikeTheSourceInDcmtk(String rel, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(REFUSED.containsKey(rel), "refused");
        Dcmtk.requireTool("dcmdump");
        Path src = Corpus.path(rel);
        String expected = Dcmtk.dump(src);
        Assumptions.assumeTrue(expected != null, "dcmdump cannot read the source either");
        Path out = tmp.resolve("out.dcm");
        Files.write(out, Corpus.write(DicomInputStream.readFile(src)));
        String actual = Dcmtk.dump(out);
        assertThat(actual).as("dcmdump of the written file").isNotNull();
        assertThat(withoutGroupLengths(actual)).isEqualTo(withoutGroupLengths(expected));
    }

    @Test
    void refusedFilesAreListedWithTheMessageAUserSeesAndTheReason() {
        Map<String, String> actual = new TreeMap<>();
        Corpus.files().forEach(rel -> {
            try {
                DicomInputStream.readFile(Corpus.path(rel));
            } catch (DicomParseException e) {
                actual.put(rel, e.getMessage());
            } catch (IOException e) {
                fail(rel + ": not a DicomParseException: " + e);
            }
        });
        System.out.println("Files the toolkit refuses:\n" + actual.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": " + e.getValue() + "\n    reason: "
                        + (REFUSED.containsKey(e.getKey()) ? REFUSED.get(e.getKey())[1] : "UNDOCUMENTED"))
                .collect(Collectors.joining("\n")));
        Assumptions.assumeTrue(Files.isDirectory(Corpus.ROOT), "pydicom corpus not installed");
        Map<String, String> expected = new TreeMap<>();
        REFUSED.forEach((k, v) -> expected.put(k, v[0]));
        assertThat(actual).isEqualTo(expected);
    }

    static String fullDump(DicomFile f) {
        return DicomDumper.standard(f.transferSyntax()).maxValueChars(0).dump(f);
    }

    /** Group length values are recalculated on writing (and may be absent or wrong in a source). */
    static String withoutGroupLengths(String dump) {
        return dump.lines().filter(l -> !l.matches("\\s*\\([0-9a-f]{4},0000\\) UL .*")).collect(Collectors.joining("\n"));
    }
}
