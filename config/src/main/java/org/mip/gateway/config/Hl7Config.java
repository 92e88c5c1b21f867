package org.mip.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code hl7.*}: the MLLP listener, who may send to it, the largest message it takes, where reports go and
 * how the outbox retries them.
 */
public record Hl7Config(String host, int port, TlsConfig tls, List<String> allowedSenders, List<Referrer> referrers,
        int maxMessageBytes, Outbox outbox) {
    /** {@code hl7.max-message-bytes} default: 1 MiB is far beyond any order, ADT or ACK. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

    public Hl7Config {
        allowedSenders = List.copyOf(allowedSenders);
        referrers = List.copyOf(referrers);
    }

    /** With the default maximum message size and outbox timings. */
    public Hl7Config(String host, int port, TlsConfig tls, List<String> allowedSenders, List<Referrer> referrers) {
        this(host, port, tls, allowedSenders, referrers, DEFAULT_MAX_MESSAGE_BYTES, Outbox.DEFAULTS);
    }

    /** A referrer's HL7 engine: ORU^R01 reports for its orders (MSH-4 = facility) go there. */
    public record Referrer(String id, String facility, String host, int port, String version) {}

    /**
     * {@code hl7.outbox.*}: how long to wait for the ACK of one attempt, the delay after the first failed
     * attempt (doubled after each further one, up to {@code maxBackoff}), and when an urgent report that is
     * still not acknowledged raises an alert.
     */
    public record Outbox(Duration ackTimeout, Duration initialBackoff, Duration maxBackoff, Duration urgentAlertAfter) {
        public static final Outbox DEFAULTS = new Outbox(Duration.ofSeconds(30), Duration.ofMillis(5000),
                Duration.ofSeconds(600), Duration.ofSeconds(900));
    }

    public Optional<Referrer> referrer(String id) {
        return referrers.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public Optional<Referrer> referrerForFacility(String facility) {
        return referrers.stream().filter(r -> r.facility().equals(facility)).findFirst();
    }

    public boolean senderAllowed(String sendingFacility) {
        return allowedSenders.isEmpty() || allowedSenders.contains(sendingFacility);
    }
}
