package org.mip.gateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the third-party peers that interop tests drive (DCMTK, Orthanc, pydicom, mllp_send,
 * PostgreSQL). A missing peer fails the test under {@code CI=true}; elsewhere the test is skipped
 * with a loud message naming the Debian package that provides it.
 */
public final class Peers {
    private Peers() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The absolute path of {@code program} on PATH (or as given if absolute), or fail/skip. */
    public static Path require(String program, String debianPackage) {
        Path found = find(program);
        if (found == null) {
            missing(program + " not found", debianPackage);
        }
        return found;
    }

    /** Fails (in CI) or skips the test with the reason and the package to install. */
    public static void missing(String what, String debianPackage) {
        String message = "PEER MISSING: " + what + " — install it with: apt-get install -y " + debianPackage;
        if (inCi()) {
            throw new AssertionError(message + " (required because CI=true)");
        }
        System.err.println("*** SKIPPED *** " + message);
        assumeTrue(false, message);
    }

    /** pydicom's test corpus (python3-pydicom), e.g. {@code pydicomFile("test_files/CT_small.dcm")}. */
    public static Path pydicomFile(String relative) {
        Path p = Path.of("/usr/lib/python3/dist-packages/pydicom/data").resolve(relative);
        if (!Files.exists(p)) {
            missing("pydicom test file " + p, "python3-pydicom");
        }
        return p;
    }

    public static Path find(String program) {
        if (program.startsWith("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : new String[] {"/usr/bin", "/usr/sbin", "/bin", "/sbin"}) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
