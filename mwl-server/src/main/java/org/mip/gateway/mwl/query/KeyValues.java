package org.mip.gateway.mwl.query;

import java.util.Locale;

/**
 * Normalized forms of the indexed key values, shared by the booking side (what is stored) and the query side
 * (what is compared), so that SQL comparisons of fixed-width strings follow DA/TM order (PS3.5 6.2).
 */
public final class KeyValues {
    /** Earliest and latest normalized times. */
    public static final String TIME_MIN = "000000000000";
    public static final String TIME_MAX = "235959999999";

    private KeyValues() {}

    /** A DA value "YYYYMMDD" (or ACR-NEMA "YYYY.MM.DD"), or {@code null} when not a date. */
    public static String date(String da) {
        if (da == null) {
            return null;
        }
        String d = da.trim();
        if (d.length() == 10 && d.charAt(4) == '.' && d.charAt(7) == '.') {
            d = d.substring(0, 4) + d.substring(5, 7) + d.substring(8);
        }
        if (d.length() != 8 || !digits(d)) {
            return null;
        }
        int m = Integer.parseInt(d.substring(4, 6));
        int day = Integer.parseInt(d.substring(6, 8));
        return m >= 1 && m <= 12 && day >= 1 && day <= 31 ? d : null;
    }

    /**
     * A TM value "HH[MM[SS[.F{1,6}]]]" (also ACR-NEMA "HH:MM:SS") as 12 digits HHMMSSFFFFFF, the missing
     * components as their earliest value; {@code null} when not a time.
     */
    public static String time(String tm) {
        return time(tm, false);
    }

    /**
     * As {@link #time(String)}, but missing components take their latest value: the upper end of a range
     * "-1130" covers all of 11:30 (11:30:59.999999), as the precision the value was given in.
     */
    public static String timeUpper(String tm) {
        return time(tm, true);
    }

    private static String time(String tm, boolean upper) {
        if (tm == null) {
            return null;
        }
        String t = tm.trim().replace(":", "");
        int dot = t.indexOf('.');
        String hms = dot < 0 ? t : t.substring(0, dot);
        String frac = dot < 0 ? "" : t.substring(dot + 1);
        if (hms.length() < 2 || hms.length() > 6 || (hms.length() & 1) != 0 || !digits(hms)
                || frac.length() > 6 || !digits(frac) || (dot >= 0 && hms.length() != 6)) {
            return null;
        }
        if (Integer.parseInt(hms.substring(0, 2)) > 23
                || (hms.length() >= 4 && Integer.parseInt(hms.substring(2, 4)) > 59)
                || (hms.length() >= 6 && Integer.parseInt(hms.substring(4, 6)) > 60)) {
            return null;
        }
        String tail = upper ? "5959" : "0000";
        String full = hms + tail.substring(0, 6 - hms.length());
        return full + frac + (upper ? "999999" : "000000").substring(frac.length());
    }

    /** The upper-case form used for case-insensitive Person Name matching. */
    public static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
