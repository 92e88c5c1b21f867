package org.mip.gateway.mwl.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

class SqlTranslatorTest {
    private final SqlTranslator translator = new SqlTranslator(QueryOptions.DEFAULT);

    private static Attributes sps(Attributes id) {
        return id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
    }

    private static String where(SqlQuery q) {
        return q.sql().substring(q.sql().indexOf(" WHERE ") + 7, q.sql().indexOf(" ORDER BY"));
    }

    @Test
    void universalKeys_onlyRestrictToTheDefaultStatuses() {
        Attributes id = new Attributes();
        id.setNull(Tag.PatientName, VR.PN);
        id.setNull(Tag.PatientID, VR.LO);
        sps(id).setNull(Tag.Modality, VR.CS);
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).isEqualTo("s.status IN (?, ?, ?)");
        assertThat(q.parameters()).containsExactly("SCHEDULED", "ARRIVED", "READY");
        assertThat(q.residual()).isNull();
    }

    @Test
    void singleValue_becomesEquality_andWildcards_becomeEscapedLike() {
        Attributes id = new Attributes();
        id.setString(Tag.PatientID, VR.LO, "AV35674");
        id.setString(Tag.AccessionNumber, VR.SH, "10%_?*");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).startsWith("p.patient_id = ? AND r.accession_no LIKE ? ESCAPE '\\' AND s.status IN");
        assertThat(q.parameters()).startsWith("AV35674", "10\\%\\__%");
    }

    @Test
    void onlyStars_isUniversal() {
        Attributes id = new Attributes();
        id.setString(Tag.PatientID, VR.LO, "**");
        assertThat(where(translator.translate(id))).isEqualTo("s.status IN (?, ?, ?)");
    }

    @Test
    void personName_matchesPerComponentOnUpperCaseColumns() {
        Attributes id = new Attributes();
        id.setString(Tag.PatientName, VR.PN, "vival*^Antonio");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).startsWith("p.pn_family_u LIKE ? ESCAPE '\\' AND p.pn_given_u = ? AND s.status IN");
        assertThat(q.parameters()).startsWith("VIVAL%", "ANTONIO");
        assertThat(q.residual()).isNull();
    }

    @Test
    void personName_caseSensitiveSwitch_usesTheColumnsAsStored() {
        Attributes id = new Attributes();
        id.setString(Tag.PatientName, VR.PN, "Vival*");
        SqlQuery q = new SqlTranslator(new QueryOptions(false, false, 10)).translate(id);
        assertThat(where(q)).startsWith("p.pn_family LIKE ? ESCAPE '\\' AND");
        assertThat(q.parameters()).startsWith("Vival%");
    }

    @Test
    void personNameWithIdeographicGroup_isLeftToTheResidualMatcher() {
        Attributes id = new Attributes();
        id.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        id.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).isEqualTo("s.status IN (?, ?, ?)");
        assertThat(q.residual().getString(Tag.PatientName)).isEqualTo("Yamada^Tarou=山田^太郎");
    }

    @Test
    void listOfUids_becomesIn() {
        Attributes id = new Attributes();
        id.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3", "1.2.4");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).startsWith("r.study_iuid IN (?, ?) AND");
        assertThat(q.parameters()).startsWith("1.2.3", "1.2.4");
    }

    @Test
    void spsKeys_modalityStationAndDateRange() {
        Attributes id = new Attributes();
        Attributes sps = sps(id);
        sps.setString(Tag.Modality, VR.CS, "MR");
        sps.setString(Tag.ScheduledStationAETitle, VR.AE, "MRI*");
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261126-20261127");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).isEqualTo("s.modality = ? AND EXISTS (SELECT 1 FROM mwl_sps_station st WHERE "
                + "st.sps_fk = s.pk AND st.aet LIKE ? ESCAPE '\\') AND s.start_date >= ? AND s.start_date <= ? "
                + "AND s.status IN (?, ?, ?)");
        assertThat(q.parameters()).containsExactly("MR", "MRI%", "20261126", "20261127", "SCHEDULED", "ARRIVED", "READY");
    }

    @Test
    void openTimeRange_coversThePrecisionGiven() {
        Attributes id = new Attributes();
        sps(id).setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "-1130");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).startsWith("s.start_time <> '' AND s.start_time <= ? AND");
        assertThat(q.parameters()).startsWith("113059999999");
    }

    @Test
    void combinedDateTime_becomesOneRangeOnStartDt() {
        Attributes id = new Attributes();
        Attributes sps = sps(id);
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261126-20261127");
        sps.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "1000-1800");
        SqlQuery q = new SqlTranslator(QueryOptions.DEFAULT.withCombinedDateTimeMatching(true)).translate(id);
        assertThat(where(q)).startsWith("s.start_dt >= ? AND s.start_dt <= ? AND");
        assertThat(q.parameters()).startsWith("20261126100000000000", "20261127180059999999");
    }

    @Test
    void explicitStatus_replacesTheDefault() {
        Attributes id = new Attributes();
        sps(id).setString(Tag.ScheduledProcedureStepStatus, VR.CS, "COMPLETED");
        SqlQuery q = translator.translate(id);
        assertThat(where(q)).isEqualTo("s.status = ?");
        assertThat(q.parameters()).containsExactly("COMPLETED");
    }

    @Test
    void unindexedKeys_goToTheResidual() {
        Attributes id = new Attributes();
        id.setString(Tag.RequestedProcedureDescription, VR.LO, "MRI*");
        Attributes sps = sps(id);
        sps.setString(Tag.Modality, VR.CS, "MR");
        sps.setString(Tag.ScheduledStationName, VR.SH, "A2");
        SqlQuery q = translator.translate(id);
        assertThat(q.residual().getString(Tag.RequestedProcedureDescription)).isEqualTo("MRI*");
        Attributes residualSps = q.residual().getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(residualSps.contains(Tag.Modality)).isFalse();
        assertThat(residualSps.getString(Tag.ScheduledStationName)).isEqualTo("A2");
    }

    @Test
    void malformedDate_isAnInvalidQuery() {
        Attributes id = new Attributes();
        sps(id).setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "2026-13-01");
        assertThatThrownBy(() -> translator.translate(id)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("date");
    }

    @Test
    void likePattern_escapesSqlWildcardsAndBackslash() {
        assertThat(SqlTranslator.likePattern("a%b_c\\d*?")).isEqualTo("a\\%b\\_c\\\\d%_");
    }
}
