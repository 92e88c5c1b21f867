package org.mip.gateway.net.dimse;

/**
 * The sub-operation counters of C-GET-RSP and C-MOVE-RSP (PS3.7 9.3.3.2, 9.3.4.2): Number of
 * Remaining (0000,1020), Completed (0000,1021), Failed (0000,1022) and Warning (0000,1023)
 * Sub-operations. Each is {@code null} when absent.
 */
public record SubOperations(Integer remaining, Integer completed, Integer failed, Integer warning) {
    public static final SubOperations NONE = new SubOperations(null, null, null, null);

    public SubOperations {
        check(remaining, "Number of Remaining Sub-operations");
        check(completed, "Number of Completed Sub-operations");
        check(failed, "Number of Failed Sub-operations");
        check(warning, "Number of Warning Sub-operations");
    }

    private static void check(Integer v, String name) {
        if (v != null) {
            Checks.us(v, name);
        }
    }
}
