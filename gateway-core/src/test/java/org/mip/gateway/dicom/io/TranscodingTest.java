package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/** Implicit LE, Explicit LE, Explicit BE and Deflated round trips of every non-encapsulated corpus file. */
class TranscodingTest {
    static final List<TransferSyntax> UNCOMPRESSED = List.of(
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);

    static Stream<String> uncompressedFiles() {
        return Corpus.files().filter(rel -> !PydicomCorpusTest.REFUSED.containsKey(rel)).filter(rel -> {
            try {
                return !DicomInputStream.readFile(Corpus.path(rel)).transferSyntax().encapsulated();
            } catch (IOException e) {
                return false;
            }
        });
    }

    static byte[] writeAs(DicomFile f, TransferSyntax ts) throws IOException {
        Attributes meta = f.fileMeta() == null ? new Attributes() : new Attributes(f.fileMeta());
        meta.setBytes(Tag.TransferSyntaxUID, VR.UI, uid(ts.uid()));
        return Corpus.write(new DicomFile(f.preamble(), meta, f.dataset(), ts));
    }

    static byte[] uid(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uncompressedFiles")
    void everyUncompressedSyntaxRoundTripsLosslessly(String rel) throws IOException {
        DicomFile src = DicomInputStream.readFile(Corpus.path(rel));
        for (TransferSyntax ts : UNCOMPRESSED) {
            DicomFile back = Corpus.read(writeAs(src, ts));
            assertThat(back.transferSyntax()).isEqualTo(ts);
            boolean viaImplicit = !ts.explicitVr() || !src.transferSyntax().explicitVr();
            assertThat(DatasetDiff.of(src.dataset(), back.dataset(), viaImplicit)).as("via " + ts).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uncompressedFiles")
    void chainImplicitExplicitBigEndianDeflatedAndBackKeepsEveryValue(String rel) throws IOException {
        DicomFile src = DicomInputStream.readFile(Corpus.path(rel));
        DicomFile cur = src;
        for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, src.transferSyntax())) {
            cur = Corpus.read(writeAs(cur, ts));
        }
        assertThat(DatasetDiff.of(src.dataset(), cur.dataset(), true)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uncompressedFiles")
    void dcmconvOutputInEverySyntaxReadsBackIdentical(String rel, @TempDir Path tmp) throws Exception {
        Dcmtk.requireTool("dcmconv");
        DicomFile src = DicomInputStream.readFile(Corpus.path(rel));
        Assumptions.assumeTrue(src.fileMeta() != null, "dcmconv needs a file with meta");
        // dcmconv must be able to read the source; otherwise there is nothing to compare.
        Assumptions.assumeTrue(Dcmtk.dump(Corpus.path(rel)) != null, "DCMTK cannot read the source");
        String[][] options = {{"+ti", "1.2.840.10008.1.2"}, {"+te", "1.2.840.10008.1.2.1"},
            {"+tb", "1.2.840.10008.1.2.2"}, {"+td", "1.2.840.10008.1.2.1.99"}};
        for (String[] o : options) {
            Path out = tmp.resolve(o[0].substring(1) + ".dcm");
            Dcmtk.Result r = Dcmtk.run("dcmconv", o[0], Corpus.path(rel).toString(), out.toString());
            assertThat(r.exitCode()).as("dcmconv " + o[0] + ": " + r.stderr()).isZero();
            DicomFile conv = DicomInputStream.readFile(out);
            assertThat(conv.transferSyntax().uid()).isEqualTo(o[1]);
            assertThat(DatasetDiff.of(src.dataset(), conv.dataset(), true)).as("dcmconv " + o[0]).isEmpty();
            Files.delete(out);
        }
    }
}
