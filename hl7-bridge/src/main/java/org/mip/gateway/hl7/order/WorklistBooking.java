package org.mip.gateway.hl7.order;

/**
 * What the HL7 bridge needs of the worklist. Each call commits before it returns, so the bridge can
 * acknowledge with AA right after; a refused item throws {@link BookingRejectedException}.
 */
public interface WorklistBooking {
    enum Outcome { CREATED, UPDATED }

    /** Creates the item, or updates the one with the same Accession Number and SPS ID. */
    Outcome book(OrderRequest order) throws BookingRejectedException;

    /**
     * Takes the item off the worklist (status DISCONTINUED for both; {@code discontinued} tells a
     * discontinue from a cancel). {@code spsId} {@code null}: every step of the accession.
     *
     * @return how many items were changed
     */
    int cancel(String accessionNumber, String spsId, boolean discontinued, String sendingFacility)
            throws BookingRejectedException;

    /**
     * ADT^A08: the demographics of the patient's items not yet performed, in one transaction.
     *
     * @return how many items not yet performed the patient has
     */
    int updatePatient(PatientUpdate update) throws BookingRejectedException;

    /**
     * ADT^A40: the prior patient's items not yet performed move to the surviving patient, whose demographics
     * they take, in one transaction.
     *
     * @return how many items not yet performed the surviving patient has
     */
    int mergePatient(PatientUpdate merge) throws BookingRejectedException;
}
