package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/** Validation and defaults; storage is covered by {@link BookingIT}. */
class BookingServiceTest {
    private final BookingService service = new BookingService(null,
            new MwlConfig(List.of(new MwlConfig.Station("US_1", "US", "Echo room"))), null, MwlFixture.CLOCK);

    private static Attributes valid() {
        return MwlFixture.item("A1", "S1", "P1", "DOE^JANE", "US", "20261126", "0930");
    }

    @Test
    void prepare_fillsStudyUidAndStationFromConfig() {
        Attributes it = service.prepare(valid());
        assertThat(it.getString(Tag.StudyInstanceUID)).startsWith("2.25.");
        Attributes sps = it.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(sps.getString(Tag.ScheduledStationAETitle)).isEqualTo("US_1");
        assertThat(sps.getString(Tag.ScheduledStationName)).isEqualTo("Echo room");
    }

    @Test
    void prepare_keepsGivenStudyUidAndStation() {
        Attributes in = valid();
        in.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        in.getNestedDataset(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledStationAETitle, VR.AE, "US_9");
        Attributes it = service.prepare(in);
        assertThat(it.getString(Tag.StudyInstanceUID)).isEqualTo("1.2.3");
        assertThat(it.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledStationAETitle)).isEqualTo("US_9");
    }

    @Test
    void prepare_namesTheMissingOrInvalidAttribute() {
        Attributes noSeq = valid();
        noSeq.remove(Tag.ScheduledProcedureStepSequence);
        assertThatThrownBy(() -> service.prepare(noSeq)).isInstanceOf(BookingException.class)
                .hasMessage("missing Scheduled Procedure Step Sequence (0040,0100)");

        Attributes noPid = valid();
        noPid.remove(Tag.PatientID);
        assertThatThrownBy(() -> service.prepare(noPid)).hasMessage("missing Patient ID (0010,0020)");

        Attributes noModality = valid();
        noModality.getNestedDataset(Tag.ScheduledProcedureStepSequence).remove(Tag.Modality);
        assertThatThrownBy(() -> service.prepare(noModality))
                .hasMessage("missing Modality (0008,0060) in the Scheduled Procedure Step Sequence");

        Attributes noDate = valid();
        noDate.getNestedDataset(Tag.ScheduledProcedureStepSequence).remove(Tag.ScheduledProcedureStepStartDate);
        assertThatThrownBy(() -> service.prepare(noDate)).hasMessageContaining("missing Scheduled Procedure Step Start Date (0040,0002)");

        Attributes badDate = valid();
        badDate.getNestedDataset(Tag.ScheduledProcedureStepSequence).setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "2026-11-26");
        assertThatThrownBy(() -> service.prepare(badDate)).hasMessageContaining("invalid Scheduled Procedure Step Start Date (0040,0002)");

        Attributes badUid = valid();
        badUid.setString(Tag.StudyInstanceUID, VR.UI, "1.2.abc");
        assertThatThrownBy(() -> service.prepare(badUid)).isInstanceOf(BookingException.class)
                .satisfies(e -> assertThat(((BookingException) e).tag()).isEqualTo(Tag.StudyInstanceUID));

        Attributes twoSteps = valid();
        twoSteps.getSequence(Tag.ScheduledProcedureStepSequence).addItem();
        assertThatThrownBy(() -> service.prepare(twoSteps)).hasMessageContaining("one scheduled procedure step per item");
    }
}
