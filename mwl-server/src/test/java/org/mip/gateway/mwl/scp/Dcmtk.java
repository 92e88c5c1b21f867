package org.mip.gateway.mwl.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.mwl.WorklistImporter;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.Peers;

/**
 * DCMTK as a peer for the worklist ITs: {@code dump2dcm}, {@code findscu -W} (responses written with
 * {@code -X -od} and read back with our parser) and {@code wlmscpfs}. Every process runs with
 * {@code TCP_NODELAY=1} (PEERS.md: DCMTK leaves Nagle's algorithm on otherwise).
 */
final class Dcmtk {
    static final Path EXAMPLES = Path.of("/usr/share/doc/dcmtk/examples");

    private Dcmtk() {}

    static ProcessBuilder process(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        return pb;
    }

    /** Runs {@code command} to its end (bounded); returns its exit code and output. */
    static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = process(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timeout: " + command);
        }
        return new Run(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    record Run(int exitCode, String output) {}

    static Path dump2dcm(Path dump, Path out) throws IOException, InterruptedException {
        Run r = run(List.of(Peers.require("dump2dcm", "dcmtk").toString(), "-q", dump.toString(), out.toString()));
        assertThat(r.exitCode()).as("dump2dcm %s: %s", dump, r.output()).isZero();
        return out;
    }

    /** A wlmscpfs data folder: DIR/AET/ with a {@code lockfile} and the example items as {@code .wl} files. */
    static Path exampleWorklist(Path dir, String aet) throws IOException, InterruptedException {
        Path db = Files.createDirectories(dir.resolve(aet));
        Files.createFile(db.resolve("lockfile"));
        Path src = EXAMPLES.resolve("wlistdb/OFFIS");
        if (!Files.isDirectory(src)) {
            Peers.missing("DCMTK examples " + src, "dcmtk");
        }
        try (Stream<Path> s = Files.list(src)) {
            for (Path dump : s.filter(p -> p.toString().endsWith(".dump")).sorted().toList()) {
                dump2dcm(dump, db.resolve(dump.getFileName().toString().replace(".dump", ".wl")));
            }
        }
        return db;
    }

    /** The example queries of {@code wlistqry/}, as query files by name (wlistqry0 … wlistqry12). */
    static List<Path> exampleQueries(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("wlistqry"))) {
            for (Path dump : s.filter(p -> p.toString().endsWith(".dump")).sorted().toList()) {
                out.add(dump2dcm(dump, dir.resolve(dump.getFileName().toString().replace(".dump", ".dcm"))));
            }
        }
        return out;
    }

    /** What {@code findscu -W} received: the responses (in order) and its log. */
    record FindResult(List<Attributes> responses, String log) {
        /** The final status line findscu logged, e.g. "Received Final Find Response (Success)". */
        String finalStatus() {
            return log.lines().filter(l -> l.contains("Final Find Response")).findFirst().orElse("");
        }
    }

    /**
     * {@code findscu -W -v -aec AET -X -od OUT 127.0.0.1 PORT ARGS...}: each response is written to OUT and
     * read back; {@code args} are further options, {@code -k} keys and/or a query file.
     */
    static FindResult findscu(int port, String aet, Path out, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of(Peers.require("findscu", "dcmtk").toString(), "-W", "-v",
                "-aet", "FINDSCU", "-aec", aet, "-X", "-od", out.toString(), "127.0.0.1", Integer.toString(port)));
        cmd.addAll(args);
        Run r = run(cmd);
        assertThat(r.exitCode()).as("findscu %s: %s", args, r.output()).isZero();
        List<Attributes> responses = new ArrayList<>();
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("rsp")).sorted().toList()) {
                responses.add(WorklistImporter.read(f));
            }
        }
        return new FindResult(responses, r.output());
    }

    /** A {@code wlmscpfs} process on a free port, in single-process mode; close() ends it. */
    static final class Wlmscpfs implements AutoCloseable {
        final int port;
        private final Process process;

        private Wlmscpfs(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        /** {@code wlmscpfs -s -dfp DIR OPTIONS... PORT}. */
        static Wlmscpfs start(Path dataDir, String... options) throws IOException, InterruptedException {
            Path exe = Peers.require("wlmscpfs", "dcmtk");
            for (int attempt = 0; ; attempt++) {
                int port = FreePorts.next();
                List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-s", "-dfp", dataDir.toString()));
                cmd.addAll(List.of(options));
                cmd.add(Integer.toString(port));
                Process p = process(cmd).redirectOutput(dataDir.resolveSibling("wlmscpfs-" + port + ".log").toFile())
                        .start();
                if (waitForPort(port, p)) {
                    return new Wlmscpfs(port, p);
                }
                p.destroyForcibly();
                if (attempt == 2) {
                    throw new IOException("wlmscpfs did not start: " + cmd);
                }
            }
        }

        private static boolean waitForPort(int port, Process p) throws InterruptedException {
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            return false;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
