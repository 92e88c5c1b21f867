package org.mip.gateway.hl7.report;

import org.mip.gateway.dicom.data.Attributes;

/**
 * What a report needs of its order: the MWL item (patient, referring physician, placer/filler order
 * numbers, requested procedure, accession number) and the {@code hl7.referrers} entry that gets its
 * reports ({@code null} when the booking named none).
 */
public record OrderSummary(Attributes item, String referrerId) {}
