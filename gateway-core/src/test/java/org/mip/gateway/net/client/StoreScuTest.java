package org.mip.gateway.net.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.testing.Peers;

/** What StoreScu reads from a file before sending it. */
class StoreScuTest {

    @Test
    void inspect_takesTheSopInstanceUidFromTheDataSet_notFromTheMeta() throws Exception {
        // rtplan.dcm's meta says 1.2.999..., its data set 1.2.777...: the C-STORE-RQ must name the data set's.
        StoreScu.Item item = StoreScu.inspect(Peers.pydicomFile("test_files/rtplan.dcm"));
        assertThat(item.sopInstance()).isEqualTo("1.2.777.777.77.7.7777.7777.20030903150023");
        assertThat(item.sopClass()).isEqualTo(UID.RTPlanStorage);
        assertThat(item.transferSyntax()).isEqualTo(UID.ImplicitVRLittleEndian);
    }

    @Test
    void inspect_fallsBackToTheMeta_whenTheDataSetHasNoSopCommonModule() throws Exception {
        StoreScu.Item item = StoreScu.inspect(Peers.pydicomFile("test_files/UN_sequence.dcm"));
        assertThat(item.sopInstance()).isEqualTo("2.16.840.1.113786.1.329.501.670121457.163");
        assertThat(item.sopClass()).isEqualTo(UID.CTImageStorage);
    }

    @Test
    void inspect_dataSetOffsetIsAfterTheMetaGroup() throws Exception {
        StoreScu.Item item = StoreScu.inspect(Peers.pydicomFile("test_files/CT_small.dcm"));
        assertThat(item.dataSetOffset()).isGreaterThan(132);
        assertThat(item.sopInstance()).isEqualTo("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322");
    }
}
