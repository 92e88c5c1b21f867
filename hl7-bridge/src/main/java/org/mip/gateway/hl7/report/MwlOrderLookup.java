package org.mip.gateway.hl7.report;

import java.util.Comparator;
import java.util.Optional;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingService;

/** {@link OrderLookup} on mwl-server's bookings: the most recently updated item with the accession number. */
public final class MwlOrderLookup implements OrderLookup {
    private final BookingService bookings;

    public MwlOrderLookup(BookingService bookings) {
        this.bookings = bookings;
    }

    @Override
    public Optional<OrderSummary> findByAccessionNumber(String accessionNumber) {
        return bookings.byAccessionNumber(accessionNumber).stream()
                .max(Comparator.comparing(Booking::updatedAt))
                .map(b -> new OrderSummary(b.item(), b.referrerId()));
    }
}
