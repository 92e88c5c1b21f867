package org.mip.gateway.hl7.order;

import org.mip.gateway.dicom.data.Attributes;

/**
 * ADT demographics: {@code patient} holds Patient ID, Issuer of Patient ID, Patient's Name, Birth Date
 * and Sex (and the Specific Character Set). For a merge (A40), {@code priorPatientId}/{@code priorIssuer}
 * name the patient that is merged into {@code patient} (MRG-1); both {@code null} for an update (A08).
 */
public record PatientUpdate(Attributes patient, String priorPatientId, String priorIssuer, String sendingFacility) {
    public boolean isMerge() {
        return priorPatientId != null;
    }
}
