package org.mip.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports for the listeners a test starts: free when asked for, and never the same one twice in this JVM.
 * Asking the kernel for a free port (bind to port 0, then close) one port at a time can give the same port
 * again, since it is free again once closed: WorklistApiIT once got the same port for HTTP and for DICOM,
 * and the gateway rightly refused to start.
 */
public final class FreePorts {
    private static final int ATTEMPTS = 1_000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port nobody listens on now, not returned before by this method in this JVM. */
    public static int next() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("every free port the system offered in " + ATTEMPTS
                + " attempts was handed out before");
    }
}
