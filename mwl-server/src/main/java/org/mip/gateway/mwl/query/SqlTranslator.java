package org.mip.gateway.mwl.query;

import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.mwl.WorklistItems;

/**
 * Translates an MWL C-FIND identifier into SQL over the indexed columns, following the rules documented on
 * {@link KeyMatcher} (which evaluates what SQL cannot: the {@link SqlQuery#residual()} keys).
 *
 * <p>Indexed keys: Patient ID, Issuer of Patient ID, Patient's Name (alphabetic group, per component),
 * Accession Number, Requested Procedure ID, Study Instance UID, and in the Scheduled Procedure Step Sequence
 * item: Modality, Scheduled Station AE Title, SPS Start Date and Time, SPS ID and SPS Status. Unless the
 * identifier gives SPS Status a value, only SCHEDULED, ARRIVED and READY steps match.
 */
public final class SqlTranslator {
    private final boolean caseInsensitivePersonNames;
    private final boolean combinedDateTime;

    public SqlTranslator(QueryOptions options) {
        this.caseInsensitivePersonNames = options.caseInsensitivePersonNames();
        this.combinedDateTime = options.combinedDateTimeMatching();
    }

    public SqlQuery translate(Attributes identifier) {
        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        Attributes residual = new Attributes(identifier);

        text(identifier, residual, Tag.PatientID, "p.patient_id", where, params);
        text(identifier, residual, Tag.IssuerOfPatientID, "p.issuer", where, params);
        text(identifier, residual, Tag.AccessionNumber, "r.accession_no", where, params);
        text(identifier, residual, Tag.RequestedProcedureID, "r.requested_proc_id", where, params);
        uids(identifier, residual, Tag.StudyInstanceUID, "r.study_iuid", where, params);
        personName(identifier, residual, where, params);

        Attributes sps = identifier.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        Attributes spsResidual = residual.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        boolean statusGiven = false;
        if (sps != null) {
            text(sps, spsResidual, Tag.Modality, "s.modality", where, params);
            text(sps, spsResidual, Tag.ScheduledProcedureStepID, "s.sps_id", where, params);
            statusGiven = !KeyMatcher.isUniversal(sps, Tag.ScheduledProcedureStepStatus);
            text(sps, spsResidual, Tag.ScheduledProcedureStepStatus, "s.status", where, params);
            stations(sps, spsResidual, where, params);
            startDateTime(sps, spsResidual, where, params);
        }
        if (!statusGiven) {
            StringBuilder in = new StringBuilder("s.status IN (");
            int n = 0;
            for (SpsStatus s : SpsStatus.ON_WORKLIST) {
                in.append(n++ == 0 ? "?" : ", ?");
                params.add(s.name());
            }
            where.add(in.append(')').toString());
        }
        String sql = WorklistItems.SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY s.start_dt, s.pk";
        return new SqlQuery(sql, List.copyOf(params), hasKeys(residual) ? residual : null);
    }

    private static boolean hasKeys(Attributes a) {
        for (int i = 0; i < a.size(); i++) {
            if (KeyMatcher.isMatchingKey(a.tagAt(i)) && !KeyMatcher.isUniversal(a, a.tagAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Single value, wild card or (several values) any-of matching on a case-sensitive column. */
    private static void text(Attributes keys, Attributes residual, int tag, String column, List<String> where,
            List<String> params) {
        if (KeyMatcher.isUniversal(keys, tag)) {
            return;
        }
        where.add(anyOf(KeyMatcher.rawValue(keys, tag), column, false, params));
        residual.remove(tag);
    }

    private static String anyOf(String key, String column, boolean upper, List<String> params) {
        List<String> ors = new ArrayList<>();
        for (String k : key.split("\\\\")) {
            if (k.isEmpty()) {
                continue;
            }
            ors.add(condition(upper ? KeyValues.upper(k) : k, column, params));
        }
        if (ors.isEmpty()) {
            return "1 = 0";
        }
        return ors.size() == 1 ? ors.get(0) : "(" + String.join(" OR ", ors) + ")";
    }

    /** {@code column = ?} or, with "*" or "?" in the key, {@code column LIKE ? ESCAPE '\'}. */
    static String condition(String key, String column, List<String> params) {
        if (KeyMatcher.hasWildcard(key)) {
            params.add(likePattern(key));
            return column + " LIKE ? ESCAPE '\\'";
        }
        params.add(key);
        return column + " = ?";
    }

    /** PS3.4 C.2.2.2.4 wild cards as a LIKE pattern: "*" → "%", "?" → "_", with %, _ and \ escaped. */
    public static String likePattern(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '*' -> sb.append('%');
                case '?' -> sb.append('_');
                case '%', '_', '\\' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void uids(Attributes keys, Attributes residual, int tag, String column, List<String> where,
            List<String> params) {
        if (KeyMatcher.isUniversal(keys, tag)) {
            return;
        }
        List<String> uids = new ArrayList<>();
        for (String u : KeyMatcher.rawValue(keys, tag).split("\\\\")) {
            if (!u.trim().isEmpty()) {
                uids.add(u.trim());
            }
        }
        if (uids.isEmpty()) {
            return;
        }
        params.addAll(uids);
        where.add(uids.size() == 1 ? column + " = ?" : column + " IN (" + "?, ".repeat(uids.size() - 1) + "?)");
        residual.remove(tag);
    }

    private static final String[] PN_COLUMNS = {"family", "given", "middle", "prefix", "suffix"};

    /** Per component of the alphabetic group; other groups are left to the residual matcher. */
    private void personName(Attributes keys, Attributes residual, List<String> where, List<String> params) {
        int tag = Tag.PatientName;
        if (KeyMatcher.isUniversal(keys, tag)) {
            return;
        }
        String key = KeyMatcher.rawValue(keys, tag);
        if (key.indexOf('\\') >= 0 || key.indexOf('=') >= 0) {
            return; // several names, or ideographic/phonetic groups: matched in Java
        }
        PersonName.Group g = PersonName.parse(key).alphabetic();
        String[] comps = {g.familyName(), g.givenName(), g.middleName(), g.namePrefix(), g.nameSuffix()};
        for (int c = 0; c < comps.length; c++) {
            String k = comps[c];
            if (k.isEmpty() || KeyMatcher.onlyStars(k)) {
                continue;
            }
            String column = "p.pn_" + PN_COLUMNS[c] + (caseInsensitivePersonNames ? "_u" : "");
            where.add(condition(caseInsensitivePersonNames ? KeyValues.upper(k) : k, column, params));
        }
        residual.remove(tag);
    }

    private static void stations(Attributes keys, Attributes residual, List<String> where, List<String> params) {
        int tag = Tag.ScheduledStationAETitle;
        if (KeyMatcher.isUniversal(keys, tag)) {
            return;
        }
        String cond = anyOf(KeyMatcher.rawValue(keys, tag), "st.aet", false, params);
        where.add("EXISTS (SELECT 1 FROM mwl_sps_station st WHERE st.sps_fk = s.pk AND " + cond + ")");
        residual.remove(tag);
    }

    private void startDateTime(Attributes keys, Attributes residual, List<String> where, List<String> params) {
        boolean hasDate = !KeyMatcher.isUniversal(keys, Tag.ScheduledProcedureStepStartDate);
        boolean hasTime = !KeyMatcher.isUniversal(keys, Tag.ScheduledProcedureStepStartTime);
        String dateKey = hasDate ? KeyMatcher.rawValue(keys, Tag.ScheduledProcedureStepStartDate).trim() : null;
        String timeKey = hasTime ? KeyMatcher.rawValue(keys, Tag.ScheduledProcedureStepStartTime).trim() : null;
        if ((hasDate && dateKey.indexOf('\\') >= 0) || (hasTime && timeKey.indexOf('\\') >= 0)) {
            return; // several ranges: matched in Java
        }
        if (combinedDateTime && hasDate && hasTime) {
            String[] b = KeyMatcher.combinedBounds(dateKey, timeKey);
            range("s.start_dt", b[0], b[1], where, params);
        } else {
            if (hasDate) {
                String[] b = bounds(dateKey, KeyValues::date, KeyValues::date, "date");
                range("s.start_date", b[0], b[1], where, params);
            }
            if (hasTime) {
                where.add("s.start_time <> ''");
                if (timeKey.indexOf('-') < 0) {
                    String t = KeyValues.time(timeKey);
                    if (t == null) {
                        throw new InvalidQueryException("invalid time key: " + timeKey);
                    }
                    range("s.start_time", t, t, where, params);
                } else {
                    String[] b = bounds(timeKey, KeyValues::time, KeyValues::timeUpper, "time");
                    range("s.start_time", b[0], b[1], where, params);
                }
            }
        }
        residual.remove(Tag.ScheduledProcedureStepStartDate);
        residual.remove(Tag.ScheduledProcedureStepStartTime);
    }

    private static String[] bounds(String key, java.util.function.Function<String, String> lower,
            java.util.function.Function<String, String> upper, String what) {
        int dash = key.indexOf('-');
        if (dash < 0) {
            String v = lower.apply(key);
            if (v == null) {
                throw new InvalidQueryException("invalid " + what + " key: " + key);
            }
            return new String[] {v, v};
        }
        String a = key.substring(0, dash).trim();
        String b = key.substring(dash + 1).trim();
        String lo = a.isEmpty() ? null : lower.apply(a);
        String hi = b.isEmpty() ? null : upper.apply(b);
        if ((!a.isEmpty() && lo == null) || (!b.isEmpty() && hi == null)) {
            throw new InvalidQueryException("invalid " + what + " range: " + key);
        }
        return new String[] {lo, hi};
    }

    private static void range(String column, String lo, String hi, List<String> where, List<String> params) {
        if (lo != null && lo.equals(hi)) {
            where.add(column + " = ?");
            params.add(lo);
            return;
        }
        if (lo != null) {
            where.add(column + " >= ?");
            params.add(lo);
        }
        if (hi != null) {
            where.add(column + " <= ?");
            params.add(hi);
        }
    }
}
