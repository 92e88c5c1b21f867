package org.mip.gateway.hl7.order;

import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingException;
import org.mip.gateway.mwl.BookingService;
import org.mip.gateway.mwl.SpsStatus;

/**
 * {@link WorklistBooking} on mwl-server's {@link BookingService}. The sending facility (MSH-4) is
 * recorded as the booking's referrer ({@code hl7.referrers} entry whose {@code facility} it is), so the
 * reports of HL7 orders go back to where the order came from.
 */
public final class MwlWorklistBooking implements WorklistBooking {
    private final BookingService bookings;
    private final Hl7Config config;

    public MwlWorklistBooking(BookingService bookings, Hl7Config config) {
        this.bookings = bookings;
        this.config = config;
    }

    @Override
    public Outcome book(OrderRequest order) throws BookingRejectedException {
        String referrer = config.referrerForFacility(order.sendingFacility()).map(Hl7Config.Referrer::id).orElse(null);
        try {
            return bookings.book(order.item(), referrer, actor(order.sendingFacility())).created()
                    ? Outcome.CREATED : Outcome.UPDATED;
        } catch (BookingException e) {
            throw new BookingRejectedException(e.getMessage(), e);
        }
    }

    @Override
    public int cancel(String accessionNumber, String spsId, boolean discontinued, String sendingFacility) {
        int n = 0;
        for (Booking b : bookings.byAccessionNumber(accessionNumber)) {
            if ((spsId == null || spsId.equals(b.spsId())) && SpsStatus.ON_WORKLIST.contains(b.status())
                    && bookings.cancel(b.id(), actor(sendingFacility)).isPresent()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int updatePatient(PatientUpdate update) throws BookingRejectedException {
        try {
            return bookings.updatePatient(update.patient(), actor(update.sendingFacility())).size();
        } catch (BookingException e) {
            throw new BookingRejectedException(e.getMessage(), e);
        }
    }

    @Override
    public int mergePatient(PatientUpdate merge) throws BookingRejectedException {
        try {
            return bookings.mergePatient(merge.priorPatientId(), merge.priorIssuer(), merge.patient(),
                    actor(merge.sendingFacility())).size();
        } catch (BookingException e) {
            throw new BookingRejectedException(e.getMessage(), e);
        }
    }

    private static String actor(String facility) {
        return "HL7 " + (facility == null ? "" : facility);
    }
}
