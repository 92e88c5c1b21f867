package org.mip.gateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Counters of the kernel's TCP stack (Linux /proc/net/netstat), for tests that must not depend on timing. */
public final class TcpCounters {
    private TcpCounters() {}

    /**
     * {@code TcpExt DelayedACKs}: ACKs the kernel sent only when its delayed-ACK timer fired (machine-wide;
     * skips the test where there is no /proc/net/netstat).
     */
    public static long delayedAcks() throws IOException {
        Path netstat = Path.of("/proc/net/netstat");
        assumeTrue(Files.isReadable(netstat), "no /proc/net/netstat: not Linux");
        List<String> lines = Files.readAllLines(netstat);
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
                String[] names = lines.get(i).trim().split("\\s+");
                String[] values = lines.get(i + 1).trim().split("\\s+");
                for (int k = 1; k < names.length; k++) {
                    if (names[k].equals("DelayedACKs")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        throw new AssertionError("no TcpExt DelayedACKs in " + netstat);
    }
}
