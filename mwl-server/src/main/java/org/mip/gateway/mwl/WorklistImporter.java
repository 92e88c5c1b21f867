package org.mip.gateway.mwl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.io.DicomInputStream;

/**
 * Imports MWL item files into bookings: DICOM Part 10 files or bare data sets, such as the {@code .wl} files of
 * a DCMTK {@code wlmscpfs} data folder (one sub-folder per AE title, with a {@code lockfile}). A folder is
 * walked recursively for {@code *.wl} files; a file named directly is imported whatever its name. A file
 * that cannot be read or booked is reported and the rest imported.
 */
public final class WorklistImporter {
    private final BookingService bookings;

    public WorklistImporter(BookingService bookings) {
        this.bookings = bookings;
    }

    /** What one import did; {@code failures} name each file and why. */
    public record Result(int created, int updated, List<Failure> failures) {
        public int total() {
            return created + updated + failures.size();
        }
    }

    public record Failure(Path file, String reason) {}

    public Result importPaths(List<Path> paths, String referrerId, String actor) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase().endsWith(".wl"))
                            .sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        int created = 0;
        int updated = 0;
        List<Failure> failures = new ArrayList<>();
        for (Path f : files) {
            Attributes item;
            try {
                item = read(f);
            } catch (IOException | RuntimeException e) {
                failures.add(new Failure(f, "cannot read: " + e.getMessage()));
                continue;
            }
            try {
                if (bookings.book(item, referrerId, actor).created()) {
                    created++;
                } else {
                    updated++;
                }
            } catch (BookingException e) {
                failures.add(new Failure(f, e.getMessage()));
            }
        }
        return new Result(created, updated, List.copyOf(failures));
    }

    /** The data set of a Part 10 file or bare data set. */
    public static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = DicomInputStream.open(file)) {
            return in.readFile().dataset();
        }
    }
}
