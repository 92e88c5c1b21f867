package org.mip.gateway.config;

import java.util.List;
import java.util.Optional;

/** {@code hl7.*}: the MLLP listener, who may send to it, and where reports go. */
public record Hl7Config(
        String host, int port, TlsConfig tls, List<String> allowedSenders, List<Referrer> referrers) {
    public Hl7Config {
        allowedSenders = List.copyOf(allowedSenders);
        referrers = List.copyOf(referrers);
    }

    /** A referrer's HL7 engine: ORU^R01 reports for its orders (MSH-4 = facility) go there. */
    public record Referrer(String id, String facility, String host, int port, String version) {}

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
