package org.mip.gateway.storescp.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where instances live under {@code archive.dir}: {@code <StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm},
 * further copies of the same instance (keep-both, overwrite) as {@code <SOPInstanceUID>.<n>.dcm}; files
 * being received in {@code tmp/} on the same file system, so that the final move is an atomic rename.
 *
 * <p>UIDs are digits and dots (PS3.5 9.1); anything else a sender puts in one is replaced by {@code _} in the
 * path (never in the index), so a UID can never name a path outside the archive.
 */
public final class ArchiveLayout {
    /** The folder for files being received; everything in it at start-up is a leftover of a crash. */
    public static final String TMP = "tmp";

    private final Path root;

    public ArchiveLayout(Path root) {
        this.root = Objects.requireNonNull(root).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path tmpDir() {
        return root.resolve(TMP);
    }

    /** The series folder, relative to the root. */
    public Path seriesDir(String studyUid, String seriesUid) {
        return Path.of(segment(studyUid), segment(seriesUid));
    }

    /** The relative path of copy {@code n} (0 = the first) of an instance. */
    public Path instanceFile(String studyUid, String seriesUid, String sopInstanceUid, int n) {
        String name = segment(sopInstanceUid) + (n == 0 ? "" : "." + n) + ".dcm";
        return seriesDir(studyUid, seriesUid).resolve(name);
    }

    public Path resolve(Path relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path outside the archive: " + relative);
        }
        return p;
    }

    /** A UID as one safe path segment (on the path of every C-STORE: no copy when the UID is already safe). */
    static String segment(String uid) {
        String s = uid == null ? "" : uid.strip();
        int n = Math.min(s.length(), 64);
        boolean safe = s.length() <= 64;
        boolean onlyDots = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            safe &= safeChar(c);
            onlyDots &= c == '.';
        }
        String seg = s;
        if (!safe) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                sb.append(safeChar(c) ? c : '_');
            }
            seg = sb.toString();
        }
        // "", "." and ".." (and TMP at the top level) must never be a folder name
        if (n == 0 || onlyDots || seg.equals(TMP)) {
            seg = "_" + seg;
        }
        return seg;
    }

    private static boolean safeChar(char c) {
        return c >= '0' && c <= '9' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
