package org.mip.gateway.net.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.testing.Peers;

/**
 * Runs a DCMTK tool with TCP_NODELAY=1 (PEERS.md) and collects its output; the {@code withNagle} variants run
 * it as it ships, Nagle's algorithm on (no TCP_NODELAY in its environment).
 */
public final class Dcmtk {
    private Dcmtk() {}

    public record Result(int exitCode, String output) {}


    public static Result run(long timeoutMillis, String program, String... args) throws IOException, InterruptedException {
        return run(true, timeoutMillis, program, args);
    }

    public static Result runWithNagle(long timeoutMillis, String program, String... args)
            throws IOException, InterruptedException {
        return run(false, timeoutMillis, program, args);
    }

    private static Result run(boolean noDelay, long timeoutMillis, String program, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = builder(noDelay, program, args).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(program + " did not finish in " + timeoutMillis + " ms");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Starts a long-running DCMTK program (e.g. storescp) with TCP_NODELAY=1, output to {@code log}. */
    public static Process start(Path log, String program, String... args) throws IOException {
        return builder(true, program, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** As {@link #start}, with Nagle's algorithm on. */
    public static Process startWithNagle(Path log, String program, String... args) throws IOException {
        return builder(false, program, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static ProcessBuilder builder(boolean noDelay, String program, String... args) {
        Path exe = Peers.require(program, "dcmtk");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (noDelay) {
            pb.environment().put("TCP_NODELAY", "1");
        } else {
            pb.environment().remove("TCP_NODELAY");
        }
        return pb;
    }

}
