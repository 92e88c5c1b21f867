package org.mip.gateway.storescp.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.net.ul.Implementation;

class FileMetaTest {
    @Test
    void encode_isPreambleDicmAndExplicitLittleEndianMetaWithGroupLength_PS3_10_7_1() throws Exception {
        Attributes meta = FileMeta.build(UID.MRImageStorage, "1.2.3.456", UID.ImplicitVRLittleEndian, "MOD1");
        byte[] b = FileMeta.encode(meta);
        assertThat(Arrays.copyOf(b, 128)).containsOnly(0);
        assertThat(new String(b, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        // (0002,0000) UL 4 <group length> = bytes after it
        assertThat(Arrays.copyOfRange(b, 132, 140)).containsExactly(2, 0, 0, 0, 'U', 'L', 4, 0);
        long groupLength = (b[140] & 0xFF) | (b[141] & 0xFF) << 8 | (b[142] & 0xFF) << 16 | (b[143] & 0xFFL) << 24;
        assertThat(groupLength).isEqualTo(b.length - 144);
        // (0002,0001) OB with 32-bit length: 00 00 then length 2, value 00 01
        assertThat(Arrays.copyOfRange(b, 144, 158)).containsExactly(2, 0, 1, 0, 'O', 'B', 0, 0, 2, 0, 0, 0, 0, 1);
        assertThat(b.length % 2).isZero();

        try (DicomInputStream in = DicomInputStream.open(new ByteArrayInputStream(b))) {
            Attributes read = in.fileMeta();
            assertThat(read.getString(Tag.MediaStorageSOPClassUID)).isEqualTo(UID.MRImageStorage);
            assertThat(read.getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3.456");
            assertThat(read.getString(Tag.TransferSyntaxUID)).isEqualTo(UID.ImplicitVRLittleEndian);
            assertThat(read.getString(Tag.ImplementationClassUID)).isEqualTo(Implementation.CLASS_UID);
            assertThat(read.getString(Tag.ImplementationVersionName)).isEqualTo(Implementation.VERSION_NAME);
            assertThat(read.getString(Tag.SourceApplicationEntityTitle)).isEqualTo("MOD1");
            // odd-length UID padded with NUL (PS3.5 6.2)
            assertThat(read.getBytes(Tag.MediaStorageSOPInstanceUID)).endsWith(0);
        }
    }

    @Test
    void build_withoutCallingAet_leavesSourceAeTitleOut() {
        assertThat(FileMeta.build(UID.CTImageStorage, "1.2", UID.ImplicitVRLittleEndian, " ")
                .contains(Tag.SourceApplicationEntityTitle)).isFalse();
    }
}
