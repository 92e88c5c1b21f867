package org.mip.gateway.storescp.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {
    private final ArchiveLayout layout = new ArchiveLayout(Path.of("/data/archive"));

    @Test
    void instanceFile_isStudySeriesSopInstanceDotDcm_andNumberedCopies() {
        assertThat(layout.instanceFile("1.2.3", "1.2.3.4", "1.2.3.4.5", 0)).isEqualTo(Path.of("1.2.3/1.2.3.4/1.2.3.4.5.dcm"));
        assertThat(layout.instanceFile("1.2.3", "1.2.3.4", "1.2.3.4.5", 2)).isEqualTo(Path.of("1.2.3/1.2.3.4/1.2.3.4.5.2.dcm"));
        assertThat(layout.tmpDir()).isEqualTo(Path.of("/data/archive/tmp"));
    }

    @Test
    void segment_neverEscapesTheArchiveOrHitsTheTemporaryFolder() {
        assertThat(ArchiveLayout.segment("..")).isEqualTo("_..");
        assertThat(ArchiveLayout.segment(".")).isEqualTo("_.");
        assertThat(ArchiveLayout.segment("")).isEqualTo("_");
        assertThat(ArchiveLayout.segment("tmp")).isEqualTo("_tmp");
        assertThat(ArchiveLayout.segment("../../etc/passwd")).isEqualTo(".._.._etc_passwd");
        assertThat(ArchiveLayout.segment(" 1.2.3\0")).isEqualTo("1.2.3_");
        assertThat(ArchiveLayout.segment("1".repeat(100))).hasSize(64);
        assertThat(layout.resolve(layout.instanceFile("..", "..", "..", 0)).startsWith(layout.root())).isTrue();
    }

    @Test
    void resolve_refusesPathsOutsideTheArchive() {
        assertThatThrownBy(() -> layout.resolve(Path.of("../x.dcm"))).isInstanceOf(IllegalArgumentException.class);
    }
}
