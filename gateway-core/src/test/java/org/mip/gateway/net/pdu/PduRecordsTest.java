package org.mip.gateway.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class PduRecordsTest {

    @Test
    void associateRj_mapsReservedValuesToTheCatchAll_andKeepsTheRawCodes() {
        AAssociateRj rj = new AAssociateRj(9, 1, 5);
        assertThat(rj.result()).isEqualTo(AAssociateRj.Result.RESERVED);
        assertThat(rj.source()).isEqualTo(AAssociateRj.Source.SERVICE_USER);
        assertThat(rj.reason()).isEqualTo(AAssociateRj.Reason.RESERVED);
        assertThat(rj.reasonCode()).isEqualTo(5);
        assertThat(new AAssociateRj(1, 3, 2).reason()).isEqualTo(AAssociateRj.Reason.LOCAL_LIMIT_EXCEEDED);
        assertThat(new AAssociateRj(1, 2, 2).reason()).isEqualTo(AAssociateRj.Reason.PROTOCOL_VERSION_NOT_SUPPORTED);
        assertThat(new AAssociateRj(1, 1, 7).reason()).isEqualTo(AAssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED);
    }

    @Test
    void associateRj_of_takesTheSourceFromTheReason() {
        AAssociateRj rj = AAssociateRj.of(AAssociateRj.Result.REJECTED_TRANSIENT, AAssociateRj.Reason.TEMPORARY_CONGESTION);
        assertThat(rj).isEqualTo(new AAssociateRj(2, 3, 1));
        assertThatThrownBy(() -> AAssociateRj.of(AAssociateRj.Result.RESERVED, AAssociateRj.Reason.USER_NO_REASON_GIVEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AAssociateRj(256, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void abort_mapsReasonsOfTable9_26() {
        assertThat(new AAbort(2, 3).reason()).isEqualTo(AAbort.Reason.RESERVED);
        assertThat(new AAbort(2, 4).reason()).isEqualTo(AAbort.Reason.UNRECOGNIZED_PDU_PARAMETER);
        assertThat(new AAbort(1, 0).source()).isEqualTo(AAbort.Source.RESERVED_1);
        assertThat(new AAbort(9, 0).source()).isEqualTo(AAbort.Source.RESERVED);
        assertThat(AAbort.serviceProvider(AAbort.Reason.UNEXPECTED_PDU)).isEqualTo(new AAbort(2, 2));
        assertThatThrownBy(() -> AAbort.serviceProvider(AAbort.Reason.RESERVED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presentationContextAc_resultsAndFactories() {
        assertThat(new PresentationContextAc(1, 9, "1.2").result()).isEqualTo(PresentationContextAc.Result.RESERVED);
        assertThat(PresentationContextAc.rejected(3, PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED, "1.2"))
                .isEqualTo(new PresentationContextAc(3, 4, "1.2"));
        assertThatThrownBy(() -> new PresentationContextAc(1, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PresentationContextAc.rejected(1, PresentationContextAc.Result.ACCEPTANCE, "1.2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aeTitles_longerThanSixteenCharacters_areRefused() {
        assertThatThrownBy(() -> new AAssociateRq("A".repeat(17), "B", List.of(), UserInformation.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calledAeTitle");
        assertThat(new AAssociateRq("A".repeat(16), "B", List.of(), UserInformation.of()).calledAeTitle()).hasSize(16);
    }

    @Test
    void byteArrayComponents_areCopied_andComparedByContent() {
        byte[] secret = "pw".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        UserItem.UserIdentityRq id = new UserItem.UserIdentityRq(2, false, new byte[] {'u'}, secret);
        secret[0] = 'X';
        assertThat(id.secondaryField()).containsExactly('p', 'w');
        assertThat(id).isEqualTo(UserItem.UserIdentityRq.username("u", "pw", false));
        assertThat(id.toString()).doesNotContain("pw").contains("USERNAME_AND_PASSCODE");
        assertThat(new UnknownPdu(9, new byte[] {1})).isEqualTo(new UnknownPdu(9, new byte[] {1}));
        assertThatThrownBy(() -> new UnknownPdu(4, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pDataTf_retainsAndReleasesEveryFragment() {
        ByteBuf a = Unpooled.buffer(4).writeInt(1);
        ByteBuf b = Unpooled.buffer(4).writeInt(2);
        PDataTf pData = new PDataTf(List.of(new PresentationDataValue(1, true, true, a),
                new PresentationDataValue(1, false, false, b)));
        assertThat(pData.retain()).isSameAs(pData);
        assertThat(a.refCnt()).isEqualTo(2);
        assertThat(b.refCnt()).isEqualTo(2);
        assertThat(pData.release()).isFalse();
        assertThat(pData.release()).isTrue();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
        assertThat(pData.pduLength()).isEqualTo(2 * (6 + 4));
        assertThatThrownBy(() -> new PDataTf(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presentationDataValue_toStringHidesTheData() {
        PresentationDataValue pdv = new PresentationDataValue(3, false, true, Unpooled.wrappedBuffer(new byte[10]));
        assertThat(pdv).hasToString("PresentationDataValue[pc=3, data set, last, 10 bytes]");
    }

    @Test
    void userInformation_findsSubItems() {
        UserInformation ui = UserInformation.of(new UserItem.MaximumLength(0),
                new UserItem.RoleSelection("1.2", true, false), new UserItem.RoleSelection("1.3", false, true));
        assertThat(ui.maximumLength()).hasValue(0);
        assertThat(ui.itemsOf(UserItem.RoleSelection.class)).extracting(UserItem.RoleSelection::sopClassUid)
                .containsExactly("1.2", "1.3");
        assertThat(ui.implementationClassUid()).isEmpty();
        assertThat(Pdu.typeName(0x4)).isEqualTo("P-DATA-TF");
        assertThat(Pdu.typeName(0x9)).isEqualTo("PDU type 0x09");
    }
}
