package org.mip.gateway.app;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mip.gateway.app.http.StudiesApi;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingService;
import org.mip.gateway.storescp.reconcile.WorklistLink;

/**
 * Links received instances to worklist bookings through the worklist's own service (the storage
 * module never reads the worklist tables): by Accession Number, the key a modality copies from the
 * worklist into every image (IHE RAD TF-2 4.8).
 */
final class BookingWorklistLink implements WorklistLink {
    private final Supplier<BookingService> bookings;

    BookingWorklistLink(Supplier<BookingService> bookings) {
        this.bookings = bookings;
    }

    @Override
    public Optional<Booking> find(String accessionNumber, String studyInstanceUid) {
        if (accessionNumber == null || accessionNumber.isBlank()) {
            return Optional.empty();
        }
        List<org.mip.gateway.mwl.Booking> found = bookings.get().byAccessionNumber(accessionNumber.trim());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        org.mip.gateway.mwl.Booking b = found.get(0);
        Attributes item = b.item();
        return Optional.of(new Booking(StudiesApi.BOOKING_REF + b.id(), MatchedBy.ACCESSION_NUMBER,
                item.getString(Tag.PatientID), item.getString(Tag.PatientName),
                item.getString(Tag.PatientBirthDate), item.getString(Tag.PatientSex)));
    }
}
