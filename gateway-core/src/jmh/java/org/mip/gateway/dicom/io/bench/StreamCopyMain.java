package org.mip.gateway.dicom.io.bench;

import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomStreamCopier;
import org.mip.gateway.dicom.io.TransferSyntax;

/**
 * Generates a ~200 MB multi-frame file and copies it read→write with Pixel Data streamed, once as is and
 * once converted to Explicit VR Big Endian. Meant to run with a small heap to show memory is bounded:
 * <pre>java -Xmx64m -cp ... org.mip.gateway.dicom.io.bench.StreamCopyMain [dir] [megabytes]</pre>
 * Prints figures; exits non-zero if a copy's size is not as expected.
 */
public final class StreamCopyMain {
    private StreamCopyMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dicom-stream");
        long mb = args.length > 1 ? Long.parseLong(args[1]) : 200;
        Path src = SyntheticMultiframe.create(dir.resolve("multiframe.dcm"), mb << 20);
        long size = Files.size(src);
        System.out.printf("generated %s: %d bytes, max heap %d MiB%n", src, size, Runtime.getRuntime().maxMemory() >> 20);
        for (TransferSyntax ts : new TransferSyntax[] {null, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN}) {
            Path dst = dir.resolve(ts == null ? "copy.dcm" : "copy-be.dcm");
            long t0 = System.nanoTime();
            try (DicomInputStream in = DicomInputStream.open(new BufferedInputStream(Files.newInputStream(src)), size,
                    org.mip.gateway.dicom.io.VrLookup.standard());
                    OutputStream out = Files.newOutputStream(dst)) {
                DicomStreamCopier.copyFile(in, out, ts);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            long copied = Files.size(dst);
            System.out.printf("copied to %s: %d bytes in %.2f s (%.0f MB/s)%n", ts == null ? "same syntax" : ts.name(),
                    copied, s, copied / 1e6 / s);
            if (ts == null && copied != size) {
                System.err.println("size mismatch: " + copied + " != " + size);
                System.exit(1);
            }
            Files.delete(dst);
        }
        Files.delete(src);
    }
}
