package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class DicomDumperTest {

    @Test
    void dumpShowsOneElementPerLineLikeDcmdump() throws IOException {
        DicomFile f = DicomInputStream.readFile(Corpus.path("test_files/MR_small.dcm"));
        String dump = DicomDumper.standard(f.transferSyntax()).dump(f);
        assertThat(dump).contains(
                "(0010,0010) PN [CompressedSamples^MR1]                  #  22, 1 PatientName\n",
                "(0008,0016) UI =MRImageStorage                          #  26, 1 SOPClassUID\n",
                "(0028,0010) US 64                                       #   2, 1 Rows\n",
                "(0020,0032) DS [-83.9063\\-91.2000\\6.6406]               #  24, 3 ImagePositionPatient\n",
                "(7fe0,0010) OW 0389\\03fb\\04cb\\04eb\\02f9\\0194\\027f\\0392\\0538\\0861\\0467\\0425\\033d... # 8192, 1 PixelData\n");
    }

    @Test
    void dumpIndentsItemsAndDecodesTextWithTheItemsCharacterSet() throws IOException {
        DicomFile f = DicomInputStream.readFile(Corpus.path("charset_files/chrSQEncoding.dcm"));
        String dump = DicomDumper.standard(f.transferSyntax()).dump(f);
        assertThat(dump).contains("(0032,1064) SQ (Sequence with explicit length #=1)      # 128, 1 RequestedProcedureCodeSequence\n",
                "  (fffe,e000) na (Item with explicit length #=3)          # 120, 1 Item\n",
                "    (0010,0010) PN [ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう]");
    }

    @Test
    void dumpShowsEncapsulatedFragments() throws IOException {
        DicomFile f = DicomInputStream.readFile(Corpus.path("test_files/JPEG2000.dcm"));
        String dump = DicomDumper.standard(f.transferSyntax()).dump(f);
        assertThat(dump).contains("(7fe0,0010) OB (PixelSequence #=2)", "  (fffe,e000) pi (no value available)",
                "(fffe,e0dd) na (SequenceDelimitationItem)");
    }
}
