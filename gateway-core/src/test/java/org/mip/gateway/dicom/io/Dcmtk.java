package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs DCMTK command line tools (Debian package dcmtk) for interop checks. */
final class Dcmtk {
    record Result(int exitCode, String stdout, String stderr) {}

    private Dcmtk() {}

    /** Skips the test (or fails it when CI=true) when the DCMTK tool is not installed. */
    static void requireTool(String tool) {
        if (find(tool) != null) {
            return;
        }
        String msg = "DCMTK's " + tool + " is not installed: install the Debian package 'dcmtk' (apt-get install -y dcmtk)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg);
        }
        System.err.println("!!!!! SKIPPING: " + msg + " !!!!!");
        Assumptions.abort(msg);
    }

    static Path find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    static Result run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(find(tool).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("dcmtk", ".out");
        Path err = Files.createTempFile("dcmtk", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(tool + " did not finish within 60 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** dcmdump's full listing (+L: long values whole), or {@code null} when dcmdump cannot read the file. */
    static String dump(Path file) throws IOException, InterruptedException {
        Result r = run("dcmdump", "+L", "-q", file.toString());
        return r.exitCode() == 0 ? r.stdout() : null;
    }
}
