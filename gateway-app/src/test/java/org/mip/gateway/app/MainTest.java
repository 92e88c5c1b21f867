package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit codes and what the user reads on stdout and stderr. */
class MainTest {
    @TempDir
    Path tmp;

    private final Cli cli = new Cli();

    private int mipgw(String... args) {
        return cli.run(args);
    }

    @Test
    void configCheck_printsEffectiveConfigurationWithSecretsMasked() {
        int code = mipgw("config", "check", "--set", "data.dir=" + tmp, "--set", "db.password=hunter2",
                "--set", "dicom.aet=MRI_GW");
        assertThat(code).isZero();
        assertThat(cli.out()).contains("dicom.aet: MRI_GW").contains("db.password: ******")
                .contains("archive.dir: " + tmp.resolve("archive")).doesNotContain("hunter2");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void configCheck_invalidValue_exitsWithCode2AndNamesTheKey() {
        assertThat(mipgw("config", "check", "--set", "dicom.port=99999")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(cli.err()).contains("dicom.port = '99999'").contains("1 to 65535");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void run_withTooLongAeTitleInFile_refusesToStart() throws IOException {
        Path f = Files.writeString(tmp.resolve("gw.yaml"), "dicom:\n  aet: \"TOO_LONG_AE_TITLE_X\"\n");
        assertThat(mipgw("run", "--config", f.toString())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(cli.err()).contains("dicom.aet").contains("TOO_LONG_AE_TITLE_X");
    }

    @Test
    void run_withMisspeltKeyInFile_refusesToStart() throws IOException {
        Path f = Files.writeString(tmp.resolve("gw.yaml"), "dicom:\n  aet: MIPGW\nhttp:\n  prot: 8081\n");
        assertThat(mipgw("run", "--config", f.toString())).isEqualTo(Main.EXIT_CONFIG);
        assertThat(cli.err()).contains("http.prot").contains("unknown key").contains("http.port");
    }

    @Test
    void malformedSetArgument_isAConfigurationError() {
        assertThat(mipgw("config", "check", "--set", "dicom.port")).isEqualTo(Main.EXIT_CONFIG);
        assertThat(cli.err()).contains("--set").contains("key=value");
    }

    @Test
    void unknownSubcommand_isAUsageError() {
        assertThat(mipgw("frobnicate")).isEqualTo(2);
        assertThat(cli.err()).contains("frobnicate");
    }
}
