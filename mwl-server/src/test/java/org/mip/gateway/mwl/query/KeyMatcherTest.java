package org.mip.gateway.mwl.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

class KeyMatcherTest {
    private final KeyMatcher ci = new KeyMatcher(true, false);
    private final KeyMatcher cs = new KeyMatcher(false, false);

    private static Attributes pn(String name) {
        return new Attributes().setString(Tag.PatientName, VR.PN, name);
    }

    @Test
    void personName_perComponent_caseInsensitiveByDefault() {
        Attributes item = pn("Vivaldi^Antonio^Lucio");
        assertThat(ci.matches(pn("VIVALDI"), item)).isTrue();
        assertThat(ci.matches(pn("viv*^ant?nio"), item)).isTrue();
        assertThat(ci.matches(pn("*^Lucio"), item)).isFalse();
        assertThat(ci.matches(pn("^^Lucio"), item)).isTrue();
        assertThat(cs.matches(pn("VIVALDI"), item)).isFalse();
        assertThat(cs.matches(pn("Viv*"), item)).isTrue();
    }

    @Test
    void otherText_isCaseSensitive() {
        Attributes item = new Attributes().setString(Tag.PatientID, VR.LO, "ab12");
        assertThat(ci.matches(new Attributes().setString(Tag.PatientID, VR.LO, "AB12"), item)).isFalse();
        assertThat(ci.matches(new Attributes().setString(Tag.PatientID, VR.LO, "a?1*"), item)).isTrue();
    }

    @Test
    void multiValuedCandidate_matchesWhenAnyValueMatches() {
        Attributes item = new Attributes().setString(Tag.ScheduledStationAETitle, VR.AE, "AA32", "AA33");
        assertThat(ci.matches(new Attributes().setString(Tag.ScheduledStationAETitle, VR.AE, "AA33"), item)).isTrue();
        assertThat(ci.matches(new Attributes().setString(Tag.ScheduledStationAETitle, VR.AE, "AA3"), item)).isFalse();
    }

    @Test
    void absentCandidateValue_matchesOnlyUniversalKeys() {
        Attributes item = new Attributes();
        assertThat(ci.matches(new Attributes().setNull(Tag.PatientID, VR.LO), item)).isTrue();
        assertThat(ci.matches(new Attributes().setString(Tag.PatientID, VR.LO, "*"), item)).isTrue();
        assertThat(ci.matches(new Attributes().setString(Tag.PatientID, VR.LO, "?*"), item)).isFalse();
    }

    @Test
    void timeRanges_areInclusiveAndOpenEnded() {
        Attributes item = new Attributes().setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "113045");
        assertThat(ci.matches(tm("1130-"), item)).isTrue();
        assertThat(ci.matches(tm("-1130"), item)).isTrue();
        assertThat(ci.matches(tm("-1129"), item)).isFalse();
        assertThat(ci.matches(tm("113045"), item)).isTrue();
        assertThat(ci.matches(tm("1131-1200"), item)).isFalse();
    }

    @Test
    void combinedDateTime_spansDays() {
        Attributes item = new Attributes();
        item.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261126");
        item.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "0800");
        Attributes key = new Attributes();
        key.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261125-20261126");
        key.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "1000-1800");
        // separately: 08:00 is outside 10:00-18:00; combined: 2026-11-25 10:00 .. 2026-11-26 18:00 holds it
        assertThat(new KeyMatcher(true, false).matches(key, item)).isFalse();
        assertThat(new KeyMatcher(true, true).matches(key, item)).isTrue();
    }

    private static Attributes tm(String v) {
        return new Attributes().setString(Tag.ScheduledProcedureStepStartTime, VR.TM, v);
    }
}
