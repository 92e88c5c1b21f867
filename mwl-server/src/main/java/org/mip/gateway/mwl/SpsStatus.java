package org.mip.gateway.mwl;

import java.util.EnumSet;
import java.util.Set;

/**
 * Scheduled Procedure Step Status (0040,0020), a subset of the defined terms of PS3.3 C.4.10; the value is
 * written as the attribute's value. {@link #STARTED}, {@link #COMPLETED} and {@link #DISCONTINUED} are
 * reached through MPPS (PS3.4 F) or a cancelled booking.
 */
public enum SpsStatus {
    SCHEDULED, ARRIVED, READY, STARTED, COMPLETED, DISCONTINUED;

    /** The statuses a worklist query returns unless it asks for SPS Status explicitly. */
    public static final Set<SpsStatus> ON_WORKLIST = EnumSet.of(SCHEDULED, ARRIVED, READY);

    /** The status named by {@code value} (case-insensitive), or {@code null} when it is not one of ours. */
    public static SpsStatus parse(String value) {
        if (value == null) {
            return null;
        }
        for (SpsStatus s : values()) {
            if (s.name().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        return null;
    }
}
