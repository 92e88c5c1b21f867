package org.mip.gateway.hl7.report;

import ca.uhn.hl7v2.HL7Exception;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.hl7.ControlIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/reports}: turns a report into an ORU^R01 for the order's referrer and puts it in
 * the outbox, with its control ID (MSH-10) fixed once and for all. The message is committed before this
 * returns; {@code onSubmitted} (the {@link OutboxSender}) is told the referrer to wake its lane.
 */
public final class ReportService {
    private static final Logger log = LoggerFactory.getLogger(ReportService.class);
    private static final Set<String> STATUSES = Set.of("P", "F", "C");

    private final Outbox outbox;
    private final OrderLookup orders;
    private final Hl7Config config;
    private final OruBuilder builder;
    private final ControlIds controlIds;
    private final Clock clock;
    private final Consumer<String> onSubmitted;

    public ReportService(Outbox outbox, OrderLookup orders, Hl7Config config, OruBuilder builder, ControlIds controlIds,
            Clock clock, Consumer<String> onSubmitted) {
        this.outbox = outbox;
        this.orders = orders;
        this.config = config;
        this.builder = builder;
        this.controlIds = controlIds;
        this.clock = clock;
        this.onSubmitted = onSubmitted;
    }

    /**
     * @param status P (preliminary), F (final) or C (correction), HL7 Table 0123
     * @param radiologist "FAMILY^GIVEN"
     * @param referrerId the {@code hl7.referrers} entry, or {@code null} for the order's
     * @throws IllegalArgumentException for a bad status or empty text (HTTP 400)
     * @throws UnknownAccessionException when no order has the accession number (HTTP 404)
     * @throws NoReferrerException when neither the order nor the request names a configured referrer (HTTP 422)
     */
    public OutboxEntry submit(String accessionNumber, String status, String text, boolean urgent, String radiologist,
            String referrerId) {
        if (accessionNumber == null || accessionNumber.isBlank()) {
            throw new IllegalArgumentException("accessionNumber is required");
        }
        if (status == null || !STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be P, F or C: " + status);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text is required");
        }
        OrderSummary order = orders.findByAccessionNumber(accessionNumber)
                .orElseThrow(() -> new UnknownAccessionException(accessionNumber));
        String rid = referrerId != null && !referrerId.isBlank() ? referrerId : order.referrerId();
        if (rid == null) {
            throw new NoReferrerException("the order with accession number " + accessionNumber
                    + " has no referrer and the request names none");
        }
        Hl7Config.Referrer referrer = config.referrer(rid)
                .orElseThrow(() -> new NoReferrerException("referrer '" + rid + "' is not configured in hl7.referrers"));
        String controlId = controlIds.next();
        String message;
        try {
            message = builder.build(order, referrer.version(), referrer.id(), referrer.facility(), controlId,
                    new OruBuilder.Report(status, text, urgent, radiologist), clock.instant());
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("cannot build the ORU^R01: " + e.getMessage(), e);
        }
        OutboxEntry entry = outbox.add(referrer.id(), controlId, accessionNumber, status, urgent, message, clock.instant());
        log.info("report {} queued for {} (outbox {}, control ID {}{})", status, referrer.id(), entry.id(), controlId,
                urgent ? ", URGENT" : "");
        if (onSubmitted != null) {
            onSubmitted.accept(referrer.id());
        }
        return entry;
    }
}
