package org.mip.gateway.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound HL7 message in, its original-mode acknowledgement out (HL7 v2.5.1 2.9.2): decodes the
 * bytes in the MSH-18 character set, parses with HAPI, checks the header (AR for an unsupported
 * version, processing ID, message type or event, or a sending facility not on the allow-list) and
 * hands the message to the {@link ReceivingApplication} registered for its type and trigger event.
 * The application answers AA only after its change is committed, or throws {@link HL7Exception}
 * naming the field (AE). A failure unrelated to the content (database down) gets AR, which senders
 * retry (HL7 v2.5.1 2.9.2.2).
 *
 * <p>Thread-safe; called off the event loop, one message at a time per connection.
 */
public final class Hl7Receiver {
    private static final Logger log = LoggerFactory.getLogger(Hl7Receiver.class);

    /** The HL7 versions accepted (MSH-12). */
    public static final List<String> SUPPORTED_VERSIONS = List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");
    /** Metadata key under which applications find the {@link Hl7Charsets.Hl7Charset} the message was decoded with. */
    public static final String META_CHARSET = "MIPGW_CHARSET";
    /** Metadata key for the peer address. */
    public static final String META_REMOTE = "MIPGW_REMOTE";

    private final HapiContext context;
    private final List<String> allowedSenders;
    private final Set<String> processingIds;
    private final ControlIds controlIds;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, ReceivingApplication<Message>> applications = new LinkedHashMap<>();

    /**
     * @param allowedSenders MSH-4 sending facilities accepted; empty = any (hl7.allowed-senders)
     * @param processingIds MSH-11 values accepted, normally only {@code P} (production): a training or
     *     debugging message must never put a test patient on a scanner's worklist
     * @param audit where each exchange is recorded, or {@code null}
     */
    public Hl7Receiver(HapiContext context, List<String> allowedSenders, Set<String> processingIds,
            ControlIds controlIds, Clock clock, AuditLog audit) {
        this.context = context;
        this.allowedSenders = List.copyOf(allowedSenders);
        this.processingIds = Set.copyOf(processingIds);
        this.controlIds = controlIds;
        this.clock = clock;
        this.audit = audit;
    }

    /** Routes messages of {@code messageType}^{@code triggerEvent} (e.g. ORM, O01) to {@code application}. */
    public Hl7Receiver register(String messageType, String triggerEvent, ReceivingApplication<Message> application) {
        applications.put(messageType + "^" + triggerEvent, application);
        return this;
    }

    /** The ACK for {@code bytes} (one message without MLLP framing), encoded like the message. */
    public byte[] receive(byte[] bytes, String remote) {
        RawMsh raw = RawMsh.scan(bytes);
        if (raw == null) {
            return reject(null, "AR", ErrorCode.SEGMENT_SEQUENCE_ERROR, null,
                    "message does not start with an MSH segment", remote, StandardCharsets.US_ASCII);
        }
        String charsetName = raw.characterSet();
        Optional<Hl7Charsets.Hl7Charset> declared = charsetName.isEmpty() ? Optional.empty() : Hl7Charsets.forName(charsetName);
        Charset charset;
        Hl7Charsets.Hl7Charset effective;
        if (charsetName.isEmpty()) {
            charset = Hl7Charsets.guess(bytes);
            effective = new Hl7Charsets.Hl7Charset("", charset, Hl7Charsets.dicomTermFor(charset));
        } else if (declared.isPresent()) {
            charset = declared.get().charset();
            effective = declared.get();
        } else {
            charset = StandardCharsets.ISO_8859_1;
            effective = null;
        }
        String text = new String(bytes, charset).replace("\r\n", "\r").replace('\n', '\r');
        Message message;
        try {
            message = context.getPipeParser().parse(text);
        } catch (HL7Exception | RuntimeException e) {
            return reject(raw, "AE", ErrorCode.DATA_TYPE_ERROR, null,
                    "message cannot be parsed: " + e.getMessage(), remote, charset);
        }
        String version = raw.version();
        if (!SUPPORTED_VERSIONS.contains(version)) {
            return nak(message, raw, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_VERSION_ID, "MSH", 12,
                    "unsupported HL7 version '" + version + "' (supported: " + String.join(", ", SUPPORTED_VERSIONS) + ")",
                    remote, charset);
        }
        if (!processingIds.contains(raw.processingId())) {
            return nak(message, raw, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_PROCESSING_ID, "MSH", 11,
                    "processing ID '" + raw.processingId() + "' not accepted (accepted: " + String.join(", ", processingIds) + ")",
                    remote, charset);
        }
        if (!allowedSenders.isEmpty() && !allowedSenders.contains(raw.sendingFacility())) {
            return nak(message, raw, AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR, "MSH", 4,
                    "sending facility '" + raw.sendingFacility() + "' is not allowed", remote, charset);
        }
        if (effective == null) {
            return nak(message, raw, AcknowledgmentCode.AE, ErrorCode.TABLE_VALUE_NOT_FOUND, "MSH", 18,
                    "unsupported character set '" + charsetName + "'", remote, charset);
        }
        String type = raw.messageType() + "^" + raw.triggerEvent();
        ReceivingApplication<Message> app = applications.get(type);
        if (app == null) {
            boolean typeKnown = applications.keySet().stream().anyMatch(k -> k.startsWith(raw.messageType() + "^"));
            return typeKnown
                    ? nak(message, raw, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9,
                            "unsupported trigger event " + type, remote, charset)
                    : nak(message, raw, AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH", 9,
                            "unsupported message type " + type, remote, charset);
        }
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(META_CHARSET, effective);
        metadata.put(META_REMOTE, remote);
        try {
            Message ack = app.processMessage(message, metadata);
            log.info("HL7 {} {} from {}@{} ({}): AA", type, raw.controlId(), raw.sendingApplication(),
                    raw.sendingFacility(), remote);
            audit(raw, AuditEvent.Outcome.SUCCESS, remote, type + " " + raw.controlId());
            return ack.encode().getBytes(charset);
        } catch (HL7Exception e) {
            int code = e.getErrorCode();
            AcknowledgmentCode ack = code >= 200 && code <= 203 ? AcknowledgmentCode.AR : AcknowledgmentCode.AE;
            return nak(message, raw, ack, e, remote, charset);
        } catch (Exception e) {
            log.warn("HL7 {} {} from {}: processing failed: {}", type, raw.controlId(), remote, e.toString(), e);
            return nak(message, raw, AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR, null, 0,
                    "application internal error, please retry", remote, charset);
        }
    }

    private byte[] nak(Message message, RawMsh raw, AcknowledgmentCode code, ErrorCode error, String segment,
            int field, String text, String remote, Charset charset) {
        HL7Exception e = new HL7Exception(text, error);
        if (segment != null) {
            e.setLocation(new Location().withSegmentName(segment).withSegmentRepetition(1).withField(field));
        }
        return nak(message, raw, code, e, remote, charset);
    }

    private byte[] nak(Message message, RawMsh raw, AcknowledgmentCode code, HL7Exception e, String remote, Charset charset) {
        log.info("HL7 {}^{} {} from {}@{} ({}): {} {}", raw.messageType(), raw.triggerEvent(), raw.controlId(),
                raw.sendingApplication(), raw.sendingFacility(), remote, code.name(), e.getMessage());
        audit(raw, code == AcknowledgmentCode.AR ? AuditEvent.Outcome.REJECTED : AuditEvent.Outcome.FAILURE, remote,
                raw.messageType() + "^" + raw.triggerEvent() + " " + raw.controlId() + ": " + e.getMessage());
        try {
            return message.generateACK(code, e).encode().getBytes(charset);
        } catch (Exception fail) {
            Location loc = e.getLocation();
            String where = loc == null || loc.getSegmentName() == null ? null : loc.getSegmentName() + "-" + loc.getField();
            return Acks.build(raw, code.name(), e.getError(), where, e.getMessageWithoutLocation(), controlIds.next(),
                    ZonedDateTime.now(clock)).getBytes(charset);
        }
    }

    private byte[] reject(RawMsh raw, String code, ErrorCode error, String location, String text, String remote,
            Charset charset) {
        log.info("HL7 message from {} rejected ({}): {}", remote, code, text);
        audit(raw, "AR".equals(code) ? AuditEvent.Outcome.REJECTED : AuditEvent.Outcome.FAILURE, remote, text);
        return Acks.build(raw, code, error, location, text, controlIds.next(), ZonedDateTime.now(clock)).getBytes(charset);
    }

    private void audit(RawMsh raw, AuditEvent.Outcome outcome, String remote, String detail) {
        if (audit == null) {
            return;
        }
        try {
            audit.record("HL7_MESSAGE", outcome, raw == null ? "" : raw.sendingFacility(), remote, detail);
        } catch (RuntimeException e) {
            log.warn("could not write the audit record: {}", e.toString());
        }
    }
}
