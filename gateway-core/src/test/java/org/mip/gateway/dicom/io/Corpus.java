package org.mip.gateway.dicom.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The pydicom test corpus (Debian python3-pydicom) and helpers shared by the corpus tests. */
final class Corpus {
    static final Path ROOT = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    private Corpus() {}

    /** Every *.dcm file under the pydicom data directory, as paths relative to it; empty when not installed. */
    static Stream<String> files() {
        if (!Files.isDirectory(ROOT)) {
            System.err.println("!!!!! pydicom corpus not found at " + ROOT + ": install python3-pydicom !!!!!");
            return Stream.empty();
        }
        try (Stream<Path> s = Files.walk(ROOT)) {
            List<String> l = s.filter(p -> p.toString().endsWith(".dcm")).map(p -> ROOT.relativize(p).toString())
                    .sorted().toList();
            return l.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String rel) {
        return ROOT.resolve(rel);
    }

    static byte[] write(DicomFile f) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (DicomOutputStream out = new DicomOutputStream(bo, f.fileMeta() == null ? f.transferSyntax() : null)) {
            out.writeFile(f);
        }
        return bo.toByteArray();
    }

    static DicomFile read(byte[] b) throws IOException {
        try (DicomInputStream in = DicomInputStream.open(new java.io.ByteArrayInputStream(b), b.length, VrLookup.standard())) {
            return in.readFile();
        }
    }
}
