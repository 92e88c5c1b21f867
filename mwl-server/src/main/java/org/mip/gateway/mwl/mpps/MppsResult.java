package org.mip.gateway.mwl.mpps;

import java.util.List;
import org.mip.gateway.dicom.data.Attributes;

/**
 * A performed procedure step after N-CREATE or N-SET: its Performed Procedure Step Status, the worklist items
 * (scheduled steps) it is linked to, and its attributes as now stored.
 */
public record MppsResult(String sopInstanceUid, String status, List<Long> linkedSpsIds, Attributes attributes) {}
