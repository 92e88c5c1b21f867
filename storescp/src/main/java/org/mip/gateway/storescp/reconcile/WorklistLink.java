package org.mip.gateway.storescp.reconcile;

import java.util.Optional;

/**
 * How the archive finds the worklist booking a stored study was made for. storescp does not depend on
 * mwl-server (ARCHITECTURE.md: no module reaches into another's tables); the application wires an
 * implementation backed by the worklist service's API. Called on a background thread, after the instance
 * was reported stored; it may block briefly.
 */
@FunctionalInterface
public interface WorklistLink {

    /**
     * The booking whose Accession Number equals {@code accessionNumber} (preferred, when not empty) or, else,
     * whose Study Instance UID equals {@code studyInstanceUid}; empty when none.
     */
    Optional<Booking> find(String accessionNumber, String studyInstanceUid);

    /** No worklist: nothing is ever linked. */
    WorklistLink NONE = (accession, study) -> Optional.empty();

    /**
     * The booked demographics, as the worklist holds them (values trimmed of DICOM padding; "" when absent).
     *
     * @param reference a stable reference to the worklist item, e.g. its Accession Number and SPS ID
     */
    record Booking(String reference, MatchedBy matchedBy, String patientId, String patientName,
                   String patientBirthDate, String patientSex) {}

    enum MatchedBy { ACCESSION_NUMBER, STUDY_INSTANCE_UID }
}
