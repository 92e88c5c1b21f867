package org.mip.gateway.hl7.order;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * An HL7 TS/DTM value, YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ] (HL7 v2.5.1 2A.3.72 and 2A.3.22),
 * split into the local date and time DICOM wants (DA, TM); the offset is dropped.
 *
 * @param date {@code null} when the value has less than day precision
 * @param time {@code null} when the value has no hour
 */
public record Hl7Time(LocalDate date, LocalTime time) {
    /**
     * Parses {@code value}; {@code null} for an empty value.
     *
     * @throws DateTimeException when it is not a valid TS
     */
    public static Hl7Time parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.trim();
        int tz = Math.max(s.indexOf('+'), s.indexOf('-'));
        if (tz >= 0) {
            String offset = s.substring(tz + 1);
            if (offset.length() != 4 || !digits(offset)) {
                throw new DateTimeException("bad time zone offset");
            }
            s = s.substring(0, tz);
        }
        String fraction = "";
        int dot = s.indexOf('.');
        if (dot >= 0) {
            fraction = s.substring(dot + 1);
            s = s.substring(0, dot);
            if (fraction.isEmpty() || fraction.length() > 4 || !digits(fraction) || s.length() != 14) {
                throw new DateTimeException("bad fraction of a second");
            }
        }
        if (!digits(s) || s.length() < 4 || s.length() > 14 || s.length() % 2 != 0) {
            throw new DateTimeException("not YYYY[MM[DD[HH[MM[SS]]]]]");
        }
        int year = Integer.parseInt(s.substring(0, 4));
        int month = s.length() >= 6 ? Integer.parseInt(s.substring(4, 6)) : 1;
        int day = s.length() >= 8 ? Integer.parseInt(s.substring(6, 8)) : 1;
        LocalDate date = LocalDate.of(year, month, day); // validates month and day
        LocalTime time = null;
        if (s.length() >= 10) {
            int hour = Integer.parseInt(s.substring(8, 10));
            int minute = s.length() >= 12 ? Integer.parseInt(s.substring(10, 12)) : 0;
            int second = s.length() >= 14 ? Integer.parseInt(s.substring(12, 14)) : 0;
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
            time = LocalTime.of(hour, minute, second, nanos);
        }
        return new Hl7Time(s.length() >= 8 ? date : null, time);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
