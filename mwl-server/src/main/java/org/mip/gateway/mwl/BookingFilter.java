package org.mip.gateway.mwl;

import java.time.LocalDate;

/**
 * What {@link BookingService#list} returns: bookings on {@code date} (SPS Start Date), for {@code modality},
 * for station {@code stationAet}, in {@code status}; each criterion {@code null} for any. At most {@code limit}.
 */
public record BookingFilter(LocalDate date, String modality, String stationAet, SpsStatus status, int limit) {
    public static BookingFilter all() {
        return new BookingFilter(null, null, null, null, 1000);
    }
}
