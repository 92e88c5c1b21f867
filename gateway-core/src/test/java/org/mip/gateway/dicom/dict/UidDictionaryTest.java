package org.mip.gateway.dicom.dict;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.UID;

class UidDictionaryTest {
    private final UidDictionary dict = UidDictionary.standard();

    @Test
    void nameKeywordAndType_describeRegisteredUids() {
        assertThat(dict.nameOf(UID.ImplicitVRLittleEndian)).isEqualTo("Implicit VR Little Endian");
        assertThat(dict.typeOf(UID.ImplicitVRLittleEndian)).isEqualTo("Transfer Syntax");
        assertThat(dict.keywordOf("1.2.840.10008.5.1.4.1.1.2")).isEqualTo("CTImageStorage");
        assertThat(dict.typeOf(UID.Verification)).isEqualTo("SOP Class");
        assertThat(dict.uidOf("StorageCommitmentPushModel")).isEqualTo("1.2.840.10008.1.20.1");
        assertThat(dict.isTransferSyntax(UID.ExplicitVRBigEndian)).isTrue();
        assertThat(dict.isRetired(UID.ExplicitVRBigEndian)).isTrue();
        assertThat(dict.nameOf("1.2.3.4")).isNull();
        assertThat(dict.typeOf(null)).isNull();
    }

    @Test
    void uidConstants_haveTheValuesTheToolkitNeeds() {
        assertThat(UID.ImplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2");
        assertThat(UID.ExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(UID.DeflatedExplicitVRLittleEndian).isEqualTo("1.2.840.10008.1.2.1.99");
        assertThat(UID.ExplicitVRBigEndian).isEqualTo("1.2.840.10008.1.2.2");
        assertThat(UID.Verification).isEqualTo("1.2.840.10008.1.1");
        assertThat(UID.ModalityWorklistInformationModelFind).isEqualTo("1.2.840.10008.5.1.4.31");
        assertThat(UID.ModalityPerformedProcedureStep).isEqualTo("1.2.840.10008.3.1.2.3.3");
        assertThat(UID.StorageCommitmentPushModel).isEqualTo("1.2.840.10008.1.20.1");
        assertThat(UID.StorageCommitmentPushModelInstance).isEqualTo("1.2.840.10008.1.20.1.1");
    }

    @Test
    void everyUidConstant_isInTheDictionaryUnderItsName() throws IllegalAccessException {
        for (Field f : UID.class.getFields()) {
            assertThat(dict.keywordOf((String) f.get(null))).as(f.getName()).isEqualTo(f.getName());
        }
    }

    @Test
    void storageSopClasses_includeAnnexBClassesAndExcludeNonStorageServices() {
        assertThat(dict.storageSopClasses())
                .contains(UID.CTImageStorage, UID.MRImageStorage, UID.SecondaryCaptureImageStorage,
                        UID.DigitalXRayImageStorageForPresentation, UID.DigitalMammographyXRayImageStorageForProcessing,
                        UID.EncapsulatedPDFStorage, UID.ComprehensiveSRStorage, UID.GrayscaleSoftcopyPresentationStateStorage,
                        UID.UltrasoundImageStorage, UID.UltrasoundMultiFrameImageStorage, UID.HangingProtocolStorage)
                .doesNotContain(UID.StorageCommitmentPushModel, UID.MediaStorageDirectoryStorage, UID.Verification,
                        UID.UltrasoundImageStorageRetired, UID.ModalityWorklistInformationModelFind)
                .allSatisfy(uid -> assertThat(dict.typeOf(uid)).isEqualTo("SOP Class"))
                .doesNotHaveDuplicates()
                .hasSizeGreaterThan(130);
        assertThat(dict.storageSopClasses(true)).contains(UID.UltrasoundImageStorageRetired, UID.TextSRStorageTrial);
    }
}
