package org.mip.gateway.dicom.dict;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
        assertThat(dict.vrOf(Tag.SelectorSVValue)).isEqualTo(VR.SV);
    }

    @Test
    void vrOf_knowsCommandElementsOfPS37() {
        assertThat(dict.vrOf(Tag.CommandField)).isEqualTo(VR.US);
        assertThat(dict.vrOf(Tag.AffectedSOPClassUID)).isEqualTo(VR.UI);
        assertThat(dict.vrOf(Tag.MoveDestination)).isEqualTo(VR.AE);
        assertThat(dict.vrOf(Tag.OffendingElement)).isEqualTo(VR.AT);
        assertThat(dict.keywordOf(0x00000900)).isEqualTo("Status");
    }

    @Test
    void vrOf_resolvesRepeatingGroups() {
        assertThat(dict.vrOf(0x60003000)).isEqualTo(VR.OW);
        assertThat(dict.vrOf(0x601E3000)).isEqualTo(VR.OW);
        assertThat(dict.vrOf(0x60020010)).isEqualTo(VR.US);
        assertThat(dict.keywordOf(0x60020010)).isEqualTo("OverlayRows");
        assertThat(dict.vrOf(0x50100022)).isEqualTo(VR.LO);
        assertThat(dict.isRetired(0x50100022)).isTrue();
        assertThat(dict.keywordOf(0x002031A7)).isEqualTo("SourceImageIDs");
        assertThat(dict.vrOf(0x7F020010)).isEqualTo(VR.OW);
        assertThat(dict.keywordOf(0x10002350)).isEqualTo("EscapeTriplet");
    }

    @Test
    void vrOf_treatsOddRepeatingGroupsAsPrivate() {
        assertThat(dict.vrOf(0x60013000)).isEqualTo(VR.UN);
        assertThat(dict.keywordOf(0x60013000)).isNull();
    }

    @Test
    void vrOf_givesGroupLengthUlAndPrivateCreatorLo() {
        assertThat(dict.vrOf(0x00080000)).isEqualTo(VR.UL);
        assertThat(dict.vrOf(0x00090000)).isEqualTo(VR.UL);
        assertThat(dict.vrOf(0x00290010)).isEqualTo(VR.LO);
        assertThat(dict.vrOf(0x002900FF)).isEqualTo(VR.LO);
        assertThat(dict.vrOf(0x00291010)).isEqualTo(VR.UN);
        assertThat(dict.nameOf(0x00290010)).isEqualTo("Private Creator");
        assertThat(dict.vrOf(0x00110001)).isEqualTo(VR.UN);
    }

    @Test
    void vrOf_returnsUnForUnknownTags() {
        assertThat(dict.vrOf(0x00081234)).isEqualTo(VR.UN);
        assertThat(dict.keywordOf(0x00081234)).isNull();
        assertThat(dict.nameOf(0x00081234)).isNull();
        assertThat(dict.vmOf(0x00081234)).isNull();
        assertThat(dict.contains(0x00081234)).isFalse();
    }

    @Test
    void vrOf_picksOwOrUsForMultiVrEntries() {
        assertThat(dict.vrOf(Tag.PixelData)).isEqualTo(VR.OW);
        assertThat(dict.vrsOf(Tag.PixelData)).containsExactly(VR.OW, VR.OB);
        assertThat(dict.vrOf(Tag.SmallestImagePixelValue)).isEqualTo(VR.US);
        assertThat(dict.vrsOf(Tag.SmallestImagePixelValue)).containsExactly(VR.US, VR.SS);
        assertThat(dict.vrOf(Tag.LUTData)).isEqualTo(VR.OW);
        assertThat(dict.vrOf(Tag.WaveformData)).isEqualTo(VR.OW);
    }

    @Test
    void namesKeywordsAndVms_comeFromPs36() {
        assertThat(dict.nameOf(Tag.PatientName)).isEqualTo("Patient's Name");
        assertThat(dict.keywordOf(Tag.PatientName)).isEqualTo("PatientName");
        assertThat(dict.vmOf(Tag.ImageType)).isEqualTo("2-n");
        assertThat(dict.vmOf(Tag.PixelSpacing)).isEqualTo("2");
        assertThat(dict.isRetired(Tag.PatientName)).isFalse();
        assertThat(dict.isRetired(Tag.OtherPatientIDs)).isTrue();
    }

    @Test
    void tagOf_findsKeywords() {
        assertThat(dict.tagOf("PatientName")).isEqualTo(0x00100010);
        assertThat(dict.tagOf("OverlayData")).isEqualTo(0x60003000);
        assertThat(dict.tagOf("NoSuchKeyword")).isEqualTo(-1);
        assertThat(dict.tagOf(null)).isEqualTo(-1);
    }

    @Test
    void everyTagConstant_isInTheDictionaryUnderItsName() throws IllegalAccessException {
        int n = 0;
        for (Field f : Tag.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !java.util.Set.of("Item", "ItemDelimitationItem", "SequenceDelimitationItem").contains(f.getName())) {
                assertThat(dict.tagOf(f.getName())).as(f.getName()).isEqualTo(f.getInt(null));
                assertThat(dict.keywordOf(f.getInt(null))).as(f.getName()).isEqualTo(f.getName());
                n++;
            }
        }
        assertThat(n).isGreaterThan(4900);
        assertThat(dict.size()).isEqualTo(n);
    }
}
