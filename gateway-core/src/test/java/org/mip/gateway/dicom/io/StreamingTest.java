package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/** Large values are streamed in chunks, never held whole. */
class StreamingTest {
    static final int PIXEL_BYTES = 16 * 1024 * 1024;

    /** A Part 10 MR-like file whose Pixel Data is generated on the fly (a deterministic pattern), never in an array. */
    static InputStream generatedFile(TransferSyntax ts, int pixelBytes) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        DicomOutputStream out = new DicomOutputStream(head);
        Attributes meta = new Attributes();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setBytes(Tag.MediaStorageSOPClassUID, VR.UI, TranscodingTest.uid("1.2.840.10008.5.1.4.1.1.4"));
        meta.setBytes(Tag.MediaStorageSOPInstanceUID, VR.UI, TranscodingTest.uid("1.2.3.4.5"));
        meta.setBytes(Tag.TransferSyntaxUID, VR.UI, TranscodingTest.uid(ts.uid()));
        out.writeFileMetaInformation(null, meta);
        Attributes ds = new Attributes();
        ds.setBytes(Tag.SOPClassUID, VR.UI, TranscodingTest.uid("1.2.840.10008.5.1.4.1.1.4"));
        ds.setBytes(Tag.PatientName, VR.PN, "Stream^Test".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(0x00280010, VR.US, new byte[] {0, 2});
        ds.setBytes(0x00280011, VR.US, new byte[] {0, 2});
        ds.setBytes(0x00280100, VR.US, new byte[] {16, 0});
        out.writeDataset(ds);
        out.writeHeader(Tag.PixelData, VR.OW, pixelBytes);
        out.finish();
        return new SequenceInputStream(new java.io.ByteArrayInputStream(head.toByteArray()), pattern(pixelBytes));
    }

    static InputStream pattern(long n) {
        return new InputStream() {
            long i;

            @Override
            public int read() {
                return i < n ? (int) (i++ * 31 >>> 3) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= n) {
                    return -1;
                }
                int k = (int) Math.min(len, n - i);
                for (int j = 0; j < k; j++) {
                    b[off + j] = (byte) (i++ * 31 >>> 3);
                }
                return k;
            }
        };
    }

    /** Counts and checksums what is written, keeping nothing. */
    static final class Sink extends OutputStream {
        long count;
        final CRC32 crc = new CRC32();

        @Override
        public void write(int b) {
            count++;
            crc.update(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            crc.update(b, off, len);
        }
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static Sink streamPixelData(int size) throws IOException {
        InputStream src = generatedFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, size);
        Sink sink = new Sink();
        try (DicomInputStream in = DicomInputStream.open(src)) {
            DicomInputStream.Event ev;
            while ((ev = in.next()) != null) {
                if (ev == DicomInputStream.Event.ELEMENT && in.tag() == Tag.PixelData) {
                    assertThat(in.pendingLength()).isEqualTo(size);
                    in.copyValueTo(sink);
                }
            }
        }
        return sink;
    }

    /** Counts the bytes read from a file (skips pass through, uncounted). */
    static final class CountingFileInput extends java.io.FilterInputStream {
        long read;

        CountingFileInput(java.nio.file.Path file) throws IOException {
            super(java.nio.file.Files.newInputStream(file));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }

    /** Walks a file's data set as the archive does (values skipped), returning the events seen. */
    private static int walkSkipping(java.nio.file.Path file, CountingFileInput src) throws IOException {
        int elements = 0;
        try (DicomInputStream in = DicomInputStream.open(src, java.nio.file.Files.size(file), VrLookup.standard())) {
            for (DicomInputStream.Event ev; (ev = in.next()) != null; ) {
                elements++;
                in.skipValue();
            }
        }
        return elements;
    }

    @Test
    void skipValue_inAFileOfKnownSize_seeksPastTheValueInsteadOfReadingIt(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("mr.dcm");
        try (InputStream src = generatedFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, PIXEL_BYTES)) {
            java.nio.file.Files.copy(src, file);
        }
        walkSkipping(file, new CountingFileInput(file)); // warm-up: dictionary, classes
        CountingFileInput src = new CountingFileInput(file);
        long before = allocatedBytes();
        int elements = walkSkipping(file, src);
        long allocated = allocatedBytes() - before;

        assertThat(elements).as("every element seen, Pixel Data last").isEqualTo(6);
        assertThat(src.read).as("bytes read of a %d-byte file", java.nio.file.Files.size(file)).isLessThan(64 * 1024);
        // a small buffer and nesting stack to start with (they were 64 KB and 3,072 frames for every parse)
        assertThat(allocated).as("bytes allocated walking the file").isLessThan(32 * 1024);
    }

    @Test
    void skipValue_ofAFileShorterThanItsKnownSize_failsAsIfItWereRead(@org.junit.jupiter.api.io.TempDir
                                                                     java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("mr.dcm");
        try (InputStream src = generatedFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 1 << 20)) {
            java.nio.file.Files.copy(src, file);
        }
        long size = java.nio.file.Files.size(file);
        // the file lost its last 1,000 bytes after its size was taken (a torn copy): the Pixel Data that
        // is skipped, not read, must still be found missing
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 1000);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (DicomInputStream in = DicomInputStream.open(java.nio.file.Files.newInputStream(file), size,
                    VrLookup.standard())) {
                for (DicomInputStream.Event ev; (ev = in.next()) != null; ) {
                    in.skipValue();
                }
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void copyValueTo_streamsAMultiMegabyteValueWithoutAllocatingItsSize() throws IOException {
        streamPixelData(PIXEL_BYTES); // warm-up: dictionary, classes, logging
        long before = allocatedBytes();
        Sink sink = streamPixelData(PIXEL_BYTES);
        long allocated = allocatedBytes() - before;
        assertThat(sink.count).isEqualTo(PIXEL_BYTES);
        Sink expected = new Sink();
        pattern(PIXEL_BYTES).transferTo(expected);
        assertThat(sink.crc.getValue()).isEqualTo(expected.crc.getValue());
        assertThat(allocated).as("bytes allocated while streaming a %d-byte value", PIXEL_BYTES).isLessThan(PIXEL_BYTES / 4);
    }

    @Test
    void streamCopier_convertsLittleToBigEndianAndBackWithBoundedMemory() throws IOException {
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        try (DicomInputStream in = DicomInputStream.open(generatedFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 8 << 20))) {
            DicomStreamCopier.copyFile(in, be, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        }
        byte[] beBytes = be.toByteArray();
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            try (DicomInputStream in = DicomInputStream.open(new java.io.ByteArrayInputStream(beBytes))) {
                DicomStreamCopier.copyFile(in, new Sink(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
        }
        Sink back = new Sink();
        java.io.ByteArrayInputStream beIn = new java.io.ByteArrayInputStream(beBytes);
        long before = allocatedBytes();
        try (DicomInputStream in = DicomInputStream.open(beIn)) {
            assertThat(in.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
            DicomStreamCopier.copyFile(in, back, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        assertThat(allocatedBytes() - before).as("bytes allocated copying 8 MiB of pixel data").isLessThan(2 << 20);
        Sink original = new Sink();
        generatedFile(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 8 << 20).transferTo(original);
        assertThat(back.count).isEqualTo(original.count);
        assertThat(back.crc.getValue()).isEqualTo(original.crc.getValue());
    }

    @Test
    void streamCopier_outputEqualsReadThenWrite() throws IOException {
        for (String rel : new String[] {"test_files/MR_small.dcm", "test_files/JPEG2000.dcm", "test_files/rtplan.dcm",
            "test_files/UN_sequence.dcm", "test_files/image_dfl.dcm", "test_files/ExplVR_BigEnd.dcm"}) {
            if (!java.nio.file.Files.exists(Corpus.path(rel))) {
                continue;
            }
            for (TransferSyntax ts : TranscodingTest.UNCOMPRESSED) {
                DicomFile f = DicomInputStream.readFile(Corpus.path(rel));
                if (f.transferSyntax().encapsulated() && ts != f.transferSyntax()) {
                    continue;
                }
                ByteArrayOutputStream copied = new ByteArrayOutputStream();
                try (DicomInputStream in = DicomInputStream.open(Corpus.path(rel))) {
                    DicomStreamCopier.copyFile(in, copied, ts);
                }
                DicomFile viaCopier = Corpus.read(copied.toByteArray());
                DicomFile viaModel = Corpus.read(TranscodingTest.writeAs(f, ts));
                assertThat(DatasetDiff.of(viaModel.dataset(), viaCopier.dataset(), false)).as(rel + " -> " + ts).isEmpty();
            }
        }
    }
}
