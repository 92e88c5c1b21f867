package org.mip.gateway.hl7.order;

import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingException;
import org.mip.gateway.mwl.BookingFilter;
import org.mip.gateway.mwl.BookingService;
import org.mip.gateway.mwl.SpsStatus;

/**
 * {@link WorklistBooking} on mwl-server's {@link BookingService}. The sending facility (MSH-4) is
 * recorded as the booking's referrer ({@code hl7.referrers} entry whose {@code facility} it is), so the
 * reports of HL7 orders go back to where the order came from.
 */
public final class MwlWorklistBooking implements WorklistBooking {
    /** Patient updates touch at most this many items per status. */
    private static final int MAX_ITEMS = 100_000;

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
        Attributes p = update.patient();
        String id = update.isMerge() ? update.priorPatientId() : p.getString(Tag.PatientID);
        String issuer = update.isMerge() ? update.priorIssuer() : p.getString(Tag.IssuerOfPatientID);
        List<Booking> targets = new ArrayList<>();
        for (SpsStatus status : SpsStatus.ON_WORKLIST) {
            for (Booking b : bookings.list(new BookingFilter(null, null, null, status, MAX_ITEMS))) {
                if (id.equals(b.item().getString(Tag.PatientID)) && sameIssuer(issuer, b.item().getString(Tag.IssuerOfPatientID))) {
                    targets.add(b);
                }
            }
        }
        for (Booking b : targets) {
            Attributes item = new Attributes(b.item());
            String charset = p.getString(Tag.SpecificCharacterSet);
            if (charset != null && !item.containsValue(Tag.SpecificCharacterSet)) {
                // the item's values are in the default repertoire, which the new character set extends
                item.setString(Tag.SpecificCharacterSet, VR.CS, p.getStrings(Tag.SpecificCharacterSet));
            }
            copy(p, item, Tag.PatientID, VR.LO);
            copy(p, item, Tag.IssuerOfPatientID, VR.LO);
            copy(p, item, Tag.PatientName, VR.PN);
            copy(p, item, Tag.PatientBirthDate, VR.DA);
            copy(p, item, Tag.PatientSex, VR.CS);
            try {
                bookings.book(item, b.referrerId(), actor(update.sendingFacility()));
            } catch (BookingException e) {
                throw new BookingRejectedException(e.getMessage(), e);
            }
        }
        return targets.size();
    }

    /** An issuer missing on either side matches (PID-3.4 is often left out of ADT messages). */
    private static boolean sameIssuer(String a, String b) {
        return a == null || a.isEmpty() || b == null || b.isEmpty() || a.equals(b);
    }

    /** Copies as text, so the value is re-encoded in the item's own character set. */
    private static void copy(Attributes from, Attributes to, int tag, VR vr) {
        String v = from.getString(tag);
        if (v == null || v.isEmpty()) {
            if (tag != Tag.IssuerOfPatientID) {
                to.setNull(tag, vr);
            }
        } else {
            to.setString(tag, vr, v);
        }
    }

    private static String actor(String facility) {
        return "HL7 " + (facility == null ? "" : facility);
    }
}
