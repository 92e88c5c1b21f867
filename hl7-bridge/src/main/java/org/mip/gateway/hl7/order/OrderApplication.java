package org.mip.gateway.hl7.order;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import java.util.List;
import java.util.Map;
import org.mip.gateway.hl7.Acks;
import org.mip.gateway.hl7.Hl7Charsets.Hl7Charset;
import org.mip.gateway.hl7.Hl7Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ORM^O01 and OMI^O23: new, changed, cancelled and discontinued orders become worklist bookings
 * (IHE RAD TF-2 4.4, 4.13). Every item of the message is mapped (and so validated) before anything is
 * booked; AA is returned only after the booking service has committed.
 */
public final class OrderApplication implements ReceivingApplication<Message> {
    private static final Logger log = LoggerFactory.getLogger(OrderApplication.class);

    private final OrderMapper mapper;
    private final WorklistBooking booking;

    public OrderApplication(OrderMapper mapper, WorklistBooking booking) {
        this.mapper = mapper;
        this.booking = booking;
    }

    @Override
    public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
        Hl7Charset charset = (Hl7Charset) metadata.get(Hl7Receiver.META_CHARSET);
        List<OrderRequest> orders = mapper.orders(message, charset);
        for (OrderRequest order : orders) {
            try {
                switch (order.action()) {
                    case NEW, UPDATE -> {
                        WorklistBooking.Outcome outcome = booking.book(order);
                        log.info("order from {}: worklist item {} ({} {})", order.sendingFacility(),
                                outcome == WorklistBooking.Outcome.CREATED ? "created" : "updated",
                                order.action(), order.item().getString(org.mip.gateway.dicom.data.Tag.Modality, ""));
                    }
                    case CANCEL, DISCONTINUE -> {
                        int n = booking.cancel(order.accessionNumber(), order.spsId(),
                                order.action() == OrderAction.DISCONTINUE, order.sendingFacility());
                        log.info("order from {}: {} worklist item(s) {}", order.sendingFacility(), n,
                                order.action() == OrderAction.CANCEL ? "cancelled" : "discontinued");
                    }
                    default -> throw new IllegalStateException();
                }
            } catch (BookingRejectedException e) {
                throw new HL7Exception("the worklist refused the order: " + e.getMessage(),
                        ErrorCode.APPLICATION_INTERNAL_ERROR);
            }
        }
        return Acks.accept(message);
    }

    @Override
    public boolean canProcess(Message message) {
        return true;
    }
}
