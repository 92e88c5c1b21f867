package org.mip.gateway.mwl;

import java.time.Instant;
import org.mip.gateway.dicom.data.Attributes;

/**
 * One worklist item (one scheduled procedure step, PS3.4 K.6) as stored: its id, keys, status, the
 * {@code hl7.referrers} entry that gets its reports, and the full MWL item (patient, requested procedure and
 * the Scheduled Procedure Step Sequence with this one item, whose SPS Status is the current {@code status}).
 */
public record Booking(long id, String accessionNumber, String spsId, SpsStatus status, String referrerId,
        Instant createdAt, Instant updatedAt, Attributes item) {}
