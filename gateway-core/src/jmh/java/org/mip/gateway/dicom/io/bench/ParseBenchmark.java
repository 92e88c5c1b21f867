package org.mip.gateway.dicom.io.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomStreamCopier;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.dicom.io.VrLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse throughput: pydicom's MR_small.dcm (whole data set into Attributes, from memory) and a generated
 * ~200 MB multi-frame MR file (header parse with Pixel Data skipped, and a full streamed copy), run with
 * -Xmx64m to show the large file never needs its size in heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx64m")
@State(Scope.Benchmark)
public class ParseBenchmark {
    static final Path MR_SMALL = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm");

    private byte[] mrSmall;
    private Path dir;
    private Path multiframe;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        mrSmall = Files.readAllBytes(MR_SMALL);
        dir = Files.createTempDirectory("dicom-bench");
        multiframe = SyntheticMultiframe.create(dir.resolve("multiframe.dcm"), 200L << 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(multiframe);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public Attributes mrSmallReadDataset() throws IOException {
        try (DicomInputStream in = DicomInputStream.open(new ByteArrayInputStream(mrSmall), mrSmall.length, VrLookup.standard())) {
            return in.readDataset();
        }
    }

    @Benchmark
    public long multiframe200MbHeadersPixelDataSkipped() throws IOException {
        long n = 0;
        try (InputStream s = new BufferedInputStream(Files.newInputStream(multiframe));
                DicomInputStream in = DicomInputStream.open(s, Files.size(multiframe), VrLookup.standard())) {
            while (in.next() != null) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public long multiframe200MbStreamedCopy() throws IOException {
        try (InputStream s = new BufferedInputStream(Files.newInputStream(multiframe));
                DicomInputStream in = DicomInputStream.open(s, Files.size(multiframe), VrLookup.standard())) {
            DicomOutputStream out = new DicomOutputStream(java.io.OutputStream.nullOutputStream(), in.transferSyntax());
            return DicomStreamCopier.copyDataset(in, out, DicomStreamCopier.DEFAULT_THRESHOLD);
        }
    }
}
