package org.mip.gateway.hl7.report;

import java.util.Optional;

/** Finds the order a report is about; implemented by the worklist ({@link MwlOrderLookup}). */
public interface OrderLookup {
    Optional<OrderSummary> findByAccessionNumber(String accessionNumber);
}
