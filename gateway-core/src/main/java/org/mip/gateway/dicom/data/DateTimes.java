package org.mip.gateway.dicom.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** Lenient parsing and formatting of DA, TM and DT values (PS3.5 6.2). */
final class DateTimes {
    private DateTimes() {}

    /** "yyyyMMdd"; the ACR-NEMA form "yyyy.MM.dd" (PS3.5 6.2 note) is accepted too. */
    static LocalDate parseDate(String s) {
        if (s == null) {
            return null;
        }
        String d = s.trim();
        if (d.length() == 10 && d.charAt(4) == '.' && d.charAt(7) == '.') {
            d = d.substring(0, 4) + d.substring(5, 7) + d.substring(8);
        }
        if (d.length() != 8 || !digits(d, 0, 8)) {
            return null;
        }
        try {
            return LocalDate.of(num(d, 0, 4), num(d, 4, 6), num(d, 6, 8));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** "HH[mm[ss[.F{1,6}]]]"; the ACR-NEMA form "HH:mm:ss.frac" is accepted too. */
    static LocalTime parseTime(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.indexOf(':') >= 0) {
            t = t.replace(":", "");
        }
        int dot = t.indexOf('.');
        String hms = dot < 0 ? t : t.substring(0, dot);
        if (hms.length() < 2 || hms.length() > 6 || (hms.length() & 1) != 0 || !digits(hms, 0, hms.length())) {
            return null;
        }
        int nanos = 0;
        if (dot >= 0) {
            String frac = t.substring(dot + 1);
            if (hms.length() != 6 || frac.isEmpty() || frac.length() > 9 || !digits(frac, 0, frac.length())) {
                return null;
            }
            nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
        }
        try {
            return LocalTime.of(num(hms, 0, 2),
                    hms.length() >= 4 ? num(hms, 2, 4) : 0,
                    hms.length() >= 6 ? Math.min(num(hms, 4, 6), 59) : 0, // 60 = leap second
                    nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** "YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]"; missing parts take their earliest value, the offset is ignored. */
    static LocalDateTime parseDateTime(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        int z = Math.max(t.indexOf('+'), t.indexOf('-'));
        if (z > 0) {
            t = t.substring(0, z);
        }
        int dot = t.indexOf('.');
        String main = dot < 0 ? t : t.substring(0, dot);
        if (main.length() < 4 || main.length() > 14 || (main.length() & 1) != 0 || !digits(main, 0, main.length())) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(num(main, 0, 4),
                    main.length() >= 6 ? num(main, 4, 6) : 1,
                    main.length() >= 8 ? num(main, 6, 8) : 1);
            if (main.length() <= 8) {
                return dot < 0 ? date.atStartOfDay() : null;
            }
            LocalTime time = parseTime(main.substring(8) + (dot < 0 ? "" : t.substring(dot)));
            return time == null ? null : date.atTime(time);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static String formatDate(LocalDate d) {
        return String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    static String formatTime(LocalTime t) {
        String s = String.format("%02d%02d%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }

    static String formatDateTime(LocalDateTime dt) {
        return formatDate(dt.toLocalDate()) + formatTime(dt.toLocalTime());
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
