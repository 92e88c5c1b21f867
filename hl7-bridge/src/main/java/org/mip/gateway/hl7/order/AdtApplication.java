package org.mip.gateway.hl7.order;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import java.util.Map;
import org.mip.gateway.hl7.Acks;
import org.mip.gateway.hl7.Hl7Charsets.Hl7Charset;
import org.mip.gateway.hl7.Hl7Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADT^A08 (update patient information) and ADT^A40 (merge patient, MRG-1 into PID-3): the demographics
 * of the patient's worklist items not yet performed follow (IHE RAD TF-2 4.12 Patient Update). Each message
 * is one transaction of the booking service, committed before the AA.
 */
public final class AdtApplication implements ReceivingApplication<Message> {
    private static final Logger log = LoggerFactory.getLogger(AdtApplication.class);

    private final OrderMapper mapper;
    private final WorklistBooking booking;

    public AdtApplication(OrderMapper mapper, WorklistBooking booking) {
        this.mapper = mapper;
        this.booking = booking;
    }

    @Override
    public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
        PatientUpdate update = mapper.patient(message, (Hl7Charset) metadata.get(Hl7Receiver.META_CHARSET));
        try {
            int n = update.isMerge() ? booking.mergePatient(update) : booking.updatePatient(update);
            log.info("ADT from {}: {} worklist item(s) {}", update.sendingFacility(), n,
                    update.isMerge() ? "merged" : "updated");
        } catch (BookingRejectedException e) {
            throw new HL7Exception("the worklist refused the update: " + e.getMessage(),
                    ErrorCode.APPLICATION_INTERNAL_ERROR);
        }
        return Acks.accept(message);
    }

    @Override
    public boolean canProcess(Message message) {
        return true;
    }
}
