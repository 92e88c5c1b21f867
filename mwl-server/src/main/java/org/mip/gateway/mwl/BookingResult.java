package org.mip.gateway.mwl;

/** The outcome of {@link BookingService#book}: the stored item and whether it was new (else updated). */
public record BookingResult(Booking booking, boolean created) {}
