package org.mip.gateway.net.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.testing.Peers;

/** Runs a DCMTK tool with TCP_NODELAY=1 (PEERS.md) and collects its output. */
public final class Dcmtk {
    private Dcmtk() {}

    public record Result(int exitCode, String output) {}


    public static Result run(long timeoutMillis, String program, String... args) throws IOException, InterruptedException {
        Path exe = Peers.require(program, "dcmtk");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
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
        Path exe = Peers.require(program, "dcmtk");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

}
