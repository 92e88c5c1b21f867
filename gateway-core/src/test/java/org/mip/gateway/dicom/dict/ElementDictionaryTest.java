package org.mip.gateway.dicom.dict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

class ElementDictionaryTest {
    private final ElementDictionary dict = ElementDictionary.standard();

    @Test
    void vrOf_knowsCommonElements() {
        assertThat(dict.vrOf(Tag.PatientName)).isEqualTo(VR.PN);
        assertThat(dict.vrOf(Tag.StudyInstanceUID)).isEqualTo(VR.UI);
        assertThat(dict.vrOf(Tag.ScheduledProcedureStepSequence)).isEqualTo(VR.SQ);
        assertThat(dict.vrOf(Tag.CommandField)).isEqualTo(VR.US);
    }
}
