package org.mip.gateway.mwl.query;

/**
 * How a worklist query is evaluated.
 *
 * @param caseInsensitivePersonNames PN keys match regardless of case (PS3.4 C.2.2.2.1 lets PN matching be
 *        insensitive to case); all other keys are case-sensitive as the standard requires
 * @param combinedDateTimeMatching SPS Start Date and Time are matched as one date-time range (PS3.4
 *        C.2.2.2.5.1); a C-FIND SCP sets it when the SCU negotiated it (PS3.4 K.3.1 extended negotiation)
 * @param fetchSize rows fetched from the database per round trip
 */
public record QueryOptions(boolean caseInsensitivePersonNames, boolean combinedDateTimeMatching, int fetchSize) {
    public static final QueryOptions DEFAULT = new QueryOptions(true, false, 100);

    public QueryOptions {
        if (fetchSize <= 0) {
            throw new IllegalArgumentException("fetchSize must be positive: " + fetchSize);
        }
    }

    public QueryOptions withCombinedDateTimeMatching(boolean combined) {
        return new QueryOptions(caseInsensitivePersonNames, combined, fetchSize);
    }
}
