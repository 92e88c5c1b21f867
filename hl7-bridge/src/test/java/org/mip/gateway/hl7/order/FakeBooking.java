package org.mip.gateway.hl7.order;

import java.util.ArrayList;
import java.util.List;

/** Records what the bridge asked of the worklist. */
public final class FakeBooking implements WorklistBooking {
    public final List<OrderRequest> booked = new ArrayList<>();
    public final List<String> cancelled = new ArrayList<>();
    public final List<PatientUpdate> patients = new ArrayList<>();
    public final List<PatientUpdate> merges = new ArrayList<>();
    public RuntimeException failWith;
    public String reject;

    @Override
    public synchronized Outcome book(OrderRequest order) throws BookingRejectedException {
        if (failWith != null) {
            throw failWith;
        }
        if (reject != null) {
            throw new BookingRejectedException(reject);
        }
        booked.add(order);
        return Outcome.CREATED;
    }

    @Override
    public synchronized int cancel(String accessionNumber, String spsId, boolean discontinued, String sendingFacility) {
        cancelled.add(accessionNumber + "/" + spsId + "/" + (discontinued ? "DC" : "CA"));
        return 1;
    }

    @Override
    public synchronized int updatePatient(PatientUpdate update) {
        patients.add(update);
        return 1;
    }

    @Override
    public synchronized int mergePatient(PatientUpdate merge) {
        merges.add(merge);
        return 1;
    }
}
