package org.mip.gateway.mwl.query;

import java.util.regex.Pattern;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/**
 * Evaluates C-FIND matching keys (PS3.4 C.2.2.2) against one candidate data set in memory. The SQL
 * translation ({@link SqlTranslator}) leaves to this class the keys it cannot express, and tests use it as
 * the reference for the SQL.
 *
 * <p>Rules, per key of the identifier:
 * <ul>
 * <li>zero length, or only "*" — universal matching (C.2.2.2.3, C.2.2.2.4 note 1);
 * <li>UI — list of UID matching (C.2.2.2.2);
 * <li>DA, TM, DT containing "-" — range matching, inclusive, open-ended when a side is absent (C.2.2.2.5);
 *     for TM the upper end covers the precision it is given in ("-11" is up to 11:59:59.999999);
 * <li>other values containing "*" or "?" — wild card matching (C.2.2.2.4), else single value matching
 *     (C.2.2.2.1); case-sensitive except PN when {@code caseInsensitivePersonNames};
 * <li>PN — per component: each non-empty component of the key (family^given^middle^prefix^suffix, in each
 *     component group given) must match the candidate's; empty components are universal;
 * <li>SQ — sequence matching (C.2.2.2.6): an item of the candidate must match every key of the key's item;
 *     a sequence without items or with an empty item is universal;
 * <li>a key with several values (backslash) other than UI matches when any value does;
 * <li>a multi-valued candidate (e.g. Scheduled Station AE Title "AA32\AA33") matches when any value does;
 * <li>a candidate without a value never matches a non-universal key.
 * </ul>
 * SPS Start Date and Time with {@code combinedDateTimeMatching} form one date-time range (C.2.2.2.5.1).
 */
public final class KeyMatcher {
    private final boolean caseInsensitivePersonNames;
    private final boolean combinedDateTime;

    public KeyMatcher(boolean caseInsensitivePersonNames, boolean combinedDateTime) {
        this.caseInsensitivePersonNames = caseInsensitivePersonNames;
        this.combinedDateTime = combinedDateTime;
    }

    public KeyMatcher(QueryOptions options) {
        this(options.caseInsensitivePersonNames(), options.combinedDateTimeMatching());
    }

    /** Whether {@code candidate} matches every key of {@code keys}. */
    public boolean matches(Attributes keys, Attributes candidate) {
        boolean combined = combinedDateTime
                && !isUniversal(keys, Tag.ScheduledProcedureStepStartDate)
                && !isUniversal(keys, Tag.ScheduledProcedureStepStartTime);
        if (combined && !matchesCombined(keys.getString(Tag.ScheduledProcedureStepStartDate),
                keys.getString(Tag.ScheduledProcedureStepStartTime),
                candidate.getString(Tag.ScheduledProcedureStepStartDate),
                candidate.getString(Tag.ScheduledProcedureStepStartTime))) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            int tag = keys.tagAt(i);
            if (!isMatchingKey(tag) || isUniversal(keys, tag)) {
                continue;
            }
            if (combined && (tag == Tag.ScheduledProcedureStepStartDate || tag == Tag.ScheduledProcedureStepStartTime)) {
                continue;
            }
            VR vr = keys.vrAt(i);
            if (vr == VR.SQ) {
                if (!matchesSequence(keys.getSequence(tag).get(0), candidate.getSequence(tag))) {
                    return false;
                }
            } else if (!matchesValue(tag, vr, rawValue(keys, tag), candidate)) {
                return false;
            }
        }
        return true;
    }

    /** Keys that take part in matching: not Specific Character Set (C.2.2.2), not command or meta groups. */
    static boolean isMatchingKey(int tag) {
        int group = Tag.group(tag);
        return tag != Tag.SpecificCharacterSet && group != 0x0000 && group != 0x0002 && group != 0xFFFE;
    }

    /** Whether the key {@code tag} of {@code keys} asks for universal matching (or is absent). */
    public static boolean isUniversal(Attributes keys, int tag) {
        if (!keys.contains(tag)) {
            return true;
        }
        if (keys.getVR(tag) == VR.SQ) {
            Sequence sq = keys.getSequence(tag);
            if (sq == null || sq.isEmpty()) {
                return true;
            }
            Attributes item = sq.get(0);
            for (int i = 0; i < item.size(); i++) {
                if (isMatchingKey(item.tagAt(i)) && !isUniversal(item, item.tagAt(i))) {
                    return false;
                }
            }
            return true;
        }
        String v = rawValue(keys, tag);
        return v == null || v.isEmpty() || onlyStars(v);
    }

    /** The whole value of {@code tag}, backslashes included, or {@code null}. */
    static String rawValue(Attributes a, int tag) {
        String[] s = a.getStrings(tag);
        if (s == null || s.length == 0) {
            return null;
        }
        return s.length == 1 ? s[0] : String.join("\\", s);
    }

    static boolean onlyStars(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) != '*') {
                return false;
            }
        }
        return !v.isEmpty();
    }

    static boolean hasWildcard(String v) {
        return v.indexOf('*') >= 0 || v.indexOf('?') >= 0;
    }

    private boolean matchesSequence(Attributes keyItem, Sequence candidates) {
        if (candidates == null) {
            return false;
        }
        for (Attributes c : candidates) {
            if (matches(keyItem, c)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesValue(int tag, VR vr, String key, Attributes candidate) {
        String[] values = candidate.getStrings(tag);
        if (values == null) {
            return false;
        }
        if (vr == VR.UI) {
            for (String uid : key.split("\\\\")) {
                for (String v : values) {
                    if (!v.isEmpty() && v.equals(uid.trim())) {
                        return true;
                    }
                }
            }
            return false;
        }
        for (String k : key.split("\\\\")) {
            if (k.isEmpty()) {
                continue;
            }
            for (String v : values) {
                if (!v.isEmpty() && matchesOne(vr, k, v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matchesOne(VR vr, String key, String value) {
        switch (vr) {
            case DA:
                return inRange(key, KeyValues.date(value), KeyValues::date, KeyValues::date, "date");
            case TM:
                if (key.indexOf('-') < 0) {
                    String k = KeyValues.time(key);
                    if (k == null) {
                        throw new InvalidQueryException("invalid time key: " + key);
                    }
                    return k.equals(KeyValues.time(value));
                }
                return inRange(key, KeyValues.time(value), KeyValues::time, KeyValues::timeUpper, "time");
            case DT:
                return inRange(key, value, s -> s, s -> s, "date-time");
            case PN:
                return matchesPersonName(key, value);
            default:
                return matchesText(key, value, false);
        }
    }

    private static boolean inRange(String key, String value, java.util.function.Function<String, String> lower,
            java.util.function.Function<String, String> upper, String what) {
        if (value == null) {
            return false;
        }
        int dash = key.indexOf('-');
        if (dash < 0) {
            String k = lower.apply(key);
            if (k == null) {
                throw new InvalidQueryException("invalid " + what + " key: " + key);
            }
            return k.equals(value);
        }
        String lo = key.substring(0, dash).trim();
        String hi = key.substring(dash + 1).trim();
        if (!lo.isEmpty()) {
            String l = lower.apply(lo);
            if (l == null) {
                throw new InvalidQueryException("invalid " + what + " range: " + key);
            }
            if (value.compareTo(l) < 0) {
                return false;
            }
        }
        if (!hi.isEmpty()) {
            String h = upper.apply(hi);
            if (h == null) {
                throw new InvalidQueryException("invalid " + what + " range: " + key);
            }
            if (value.compareTo(h) > 0) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesPersonName(String key, String value) {
        PersonName k = PersonName.parse(key);
        PersonName v = PersonName.parse(value);
        return matchesGroup(k.alphabetic(), v.alphabetic())
                && matchesGroup(k.ideographic(), v.ideographic())
                && matchesGroup(k.phonetic(), v.phonetic());
    }

    private boolean matchesGroup(PersonName.Group k, PersonName.Group v) {
        return matchesComponent(k.familyName(), v.familyName())
                && matchesComponent(k.givenName(), v.givenName())
                && matchesComponent(k.middleName(), v.middleName())
                && matchesComponent(k.namePrefix(), v.namePrefix())
                && matchesComponent(k.nameSuffix(), v.nameSuffix());
    }

    private boolean matchesComponent(String key, String value) {
        if (key.isEmpty() || onlyStars(key)) {
            return true;
        }
        return matchesText(key, value, caseInsensitivePersonNames);
    }

    private static boolean matchesText(String key, String value, boolean ignoreCase) {
        String k = ignoreCase ? KeyValues.upper(key) : key;
        String v = ignoreCase ? KeyValues.upper(value) : value;
        if (!hasWildcard(k)) {
            return k.equals(v);
        }
        return wildcardPattern(k).matcher(v).matches();
    }

    static Pattern wildcardPattern(String key) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        key.codePoints().forEach(cp -> {
            if (cp == '*' || cp == '?') {
                if (lit.length() > 0) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(cp == '*' ? ".*" : ".");
            } else {
                lit.appendCodePoint(cp);
            }
        });
        if (lit.length() > 0) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** PS3.4 C.2.2.2.5.1: the key date and time together bound one date-time range. */
    private static boolean matchesCombined(String dateKey, String timeKey, String date, String time) {
        String d = KeyValues.date(date);
        if (d == null) {
            return false;
        }
        String t = time == null || time.isEmpty() ? KeyValues.TIME_MIN : KeyValues.time(time);
        if (t == null) {
            return false;
        }
        String[] bounds = combinedBounds(dateKey, timeKey);
        String dt = d + t;
        return (bounds[0] == null || dt.compareTo(bounds[0]) >= 0) && (bounds[1] == null || dt.compareTo(bounds[1]) <= 0);
    }

    /**
     * The inclusive bounds {lower, upper} (20-character date-times, {@code null} when open) of a combined
     * date and time key: "D1-D2" with "T1-T2" is D1T1 to D2T2; a single date or time is both ends.
     */
    static String[] combinedBounds(String dateKey, String timeKey) {
        String[] d = split(dateKey, KeyValues::date, KeyValues::date, "date");
        String[] t = split(timeKey, KeyValues::time, KeyValues::timeUpper, "time");
        String tlo = t[0] == null ? KeyValues.TIME_MIN : t[0];
        String thi = t[1] == null ? KeyValues.TIME_MAX : t[1];
        return new String[] {d[0] == null ? null : d[0] + tlo, d[1] == null ? null : d[1] + thi};
    }

    private static String[] split(String key, java.util.function.Function<String, String> lower,
            java.util.function.Function<String, String> upper, String what) {
        int dash = key.indexOf('-');
        String lo;
        String hi;
        if (dash < 0) {
            lo = lower.apply(key);
            hi = lo;
            if (lo == null) {
                throw new InvalidQueryException("invalid " + what + " key: " + key);
            }
        } else {
            String a = key.substring(0, dash).trim();
            String b = key.substring(dash + 1).trim();
            lo = a.isEmpty() ? null : lower.apply(a);
            hi = b.isEmpty() ? null : upper.apply(b);
            if ((!a.isEmpty() && lo == null) || (!b.isEmpty() && hi == null) || (a.isEmpty() && b.isEmpty())) {
                throw new InvalidQueryException("invalid " + what + " range: " + key);
            }
        }
        return new String[] {lo, hi};
    }
}
