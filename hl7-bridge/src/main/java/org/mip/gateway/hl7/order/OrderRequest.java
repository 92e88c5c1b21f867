package org.mip.gateway.hl7.order;

import org.mip.gateway.dicom.data.Attributes;

/**
 * One worklist item asked for by an order message: the MWL item attributes (CONTRACT.md mapping), its
 * key (Accession Number + Scheduled Procedure Step ID; for a cancel {@code spsId} is {@code null} when the
 * message names no step: every step of the accession) and the sending facility (MSH-4) whose referrer
 * gets the reports.
 */
public record OrderRequest(OrderAction action, String accessionNumber, String spsId, Attributes item,
        String sendingFacility) {}
