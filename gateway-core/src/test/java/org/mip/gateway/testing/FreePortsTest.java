package org.mip.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void next_neverGivesTheSamePortTwice_andEachIsFreeToListenOn() throws Exception {
        // 2,000 draws from the ~28,000 ephemeral ports: the kernel alone repeats some of them (the birthday
        // problem: about 70 pairs expected), which is what once gave a test one port for two listeners
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            assertThat(seen.add(FreePorts.next())).as("port handed out twice").isTrue();
        }
        int port = FreePorts.next();
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }
}
