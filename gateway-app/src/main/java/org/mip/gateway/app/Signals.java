package org.mip.gateway.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling. The JDK's supported alternative, a shutdown hook, cannot choose the
 * exit status (a JVM ended by SIGTERM exits with 143); an operator and a service manager expect 0
 * after an orderly stop, so the signals are caught with {@code sun.misc.Signal} (module jdk.unsupported).
 */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    log.info("received SIG{}", sig.getName());
                    action.run();
                });
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} here ({}); relying on the JVM's shutdown hook", name, e.getMessage());
            }
        }
    }
}
