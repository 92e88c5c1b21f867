package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.Peers;

/** {@code mipgw dump} on real files: what a user reads on stdout and stderr, and the exit code. */
class DumpCommandTest {
    @TempDir
    Path tmp;

    private final Cli cli = new Cli();

    private int mipgw(String... args) {
        return cli.run(args);
    }

    @Test
    void dump_printsOneElementPerLineWithTextDecodedToUnicode() {
        Path jp = Peers.pydicomFile("charset_files/chrH31.dcm");
        assertThat(mipgw("dump", jp.toString())).isZero();
        assertThat(cli.out())
                .contains("# Dicom-Meta-Information-Header")
                .contains("(0002,0010) UI =ExplicitVRLittleEndian")
                .contains("(0008,0005) CS [\\ISO 2022 IR 87]")
                .contains("(0010,0010) PN [Yamada^Tarou=山田^太郎=やまだ^たろう]")
                .contains("#  60, 1 PatientName")
                .doesNotContain("mipgw dump (");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void dump_indentsNestedItems() {
        Path f = Peers.pydicomFile("charset_files/chrSQEncoding.dcm");
        assertThat(mipgw("dump", f.toString())).isZero();
        assertThat(cli.out()).containsPattern("\\(0032,1064\\) SQ .*\\n  \\(fffe,e000\\) na ")
                .contains("\n    (0010,0010) PN [ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう]");
    }

    @Test
    void dump_severalFiles_namesEachAndReportsUnreadableOnesWithExitCode1() throws IOException {
        Path good = Peers.pydicomFile("test_files/CT_small.dcm");
        Path truncated = Peers.pydicomFile("test_files/MR_truncated.dcm");
        Path junk = Files.writeString(tmp.resolve("junk.dcm"), "this is not DICOM");
        int code = mipgw("dump", truncated.toString(), good.toString(), junk.toString(), tmp.resolve("absent").toString());
        assertThat(code).isEqualTo(1);
        assertThat(cli.out()).contains("# mipgw dump (2/4): " + good)
                .contains("(0010,0010) PN [CompressedSamples^CT1]")
                .doesNotContain("MR_truncated");
        assertThat(cli.err())
                .contains(truncated + ": not readable as DICOM: (7FE0,0010) at offset 1488: length 8192 exceeds")
                .contains(junk + ": not readable as DICOM")
                .contains(tmp.resolve("absent") + ": no such file");
    }
}
