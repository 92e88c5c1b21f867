package org.mip.gateway.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in the order given and stops them in reverse order, sharing one bounded grace
 * period. If a service fails to start, those already started are stopped and the failure is thrown.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<GatewayService> services;
    private final List<GatewayService> started = new ArrayList<>();
    private boolean stopped;

    public Lifecycle(List<GatewayService> services) {
        this.services = List.copyOf(services);
    }

    public synchronized void start() throws Exception {
        for (GatewayService s : services) {
            long t0 = System.nanoTime();
            try {
                s.start();
            } catch (Exception | Error e) {
                log.error("service '{}' failed to start: {}", s.name(), e.getMessage());
                stop(Duration.ofSeconds(5));
                throw e;
            }
            started.add(s);
            log.debug("service '{}' started in {} ms", s.name(), (System.nanoTime() - t0) / 1_000_000);
            for (String endpoint : s.endpoints()) {
                log.info("listening: {}", endpoint);
            }
        }
    }

    /** Stops the started services in reverse order within {@code grace} overall; idempotent. */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + grace.toNanos();
        List<GatewayService> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (GatewayService s : reverse) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                s.stop(left);
                log.info("stopped {}", s.name());
            } catch (RuntimeException e) {
                log.warn("service '{}' did not stop cleanly: {}", s.name(), e.toString());
            }
        }
    }

    /** Each service's state, in start order. */
    public Map<String, ServiceState> states() {
        Map<String, ServiceState> out = new LinkedHashMap<>();
        for (GatewayService s : services) {
            out.put(s.name(), s.state());
        }
        return out;
    }

    public List<GatewayService> services() {
        return services;
    }
}
