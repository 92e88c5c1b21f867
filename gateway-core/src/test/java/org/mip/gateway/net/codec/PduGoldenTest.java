package org.mip.gateway.net.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mip.gateway.net.codec.PduCodecTesting.decodeOne;
import static org.mip.gateway.net.codec.PduCodecTesting.encode;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRj;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRp;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.ApplicationContext;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationContextAc;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.pdu.UnknownPdu;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

class PduGoldenTest {
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String DCMTK_CLASS_UID = "1.2.276.0.7230010.3.0.3.6.7";

    static List<GoldenPdu> goldens() {
        return GoldenPdu.all();
    }

    @Test
    void goldens_coverEveryPduType() {
        List<Integer> types = goldens().stream().map(g -> g.bytes()[0] & 0xFF).distinct().sorted().toList();
        assertThat(types).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void encode_ofDecodedGolden_reproducesTheBytesWithReservedFieldsAsZero(GoldenPdu golden) {
        Pdu pdu = decodeOne(golden.bytes());
        try {
            assertThat(encode(pdu)).isEqualTo(golden.canonical());
        } finally {
            ReferenceCountUtil.release(pdu);
        }
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void decode_ignoresTheValueOfReservedFields(GoldenPdu golden) {
        Pdu raw = decodeOne(golden.bytes());
        Pdu canonical = decodeOne(golden.canonical());
        try {
            assertThat(raw).isEqualTo(canonical);
        } finally {
            ReferenceCountUtil.release(raw);
            ReferenceCountUtil.release(canonical);
        }
    }

    @Test
    void decode_echoscuRequest() {
        GoldenPdu golden = GoldenPdu.load("a-associate-rq-echoscu.hex");
        assertThat(golden.bytes()).isNotEqualTo(golden.canonical()); // DCMTK's FFH in a reserved byte
        AAssociateRq rq = (AAssociateRq) decodeOne(golden.bytes());

        assertThat(rq.protocolVersion()).isEqualTo(1);
        assertThat(rq.supportsVersion1()).isTrue();
        assertThat(rq.calledAeTitle()).isEqualTo("STORESCP");
        assertThat(rq.callingAeTitle()).isEqualTo("ECHOSCU");
        assertThat(rq.applicationContext()).isEqualTo(ApplicationContext.DICOM);
        assertThat(rq.presentationContexts()).containsExactly(new PresentationContextRq(1, VERIFICATION, IMPLICIT_LE));
        UserInformation ui = rq.userInformation();
        assertThat(ui.maximumLength()).hasValue(16384);
        assertThat(ui.implementationClassUid()).hasValue(DCMTK_CLASS_UID);
        assertThat(ui.implementationVersionName()).hasValue("OFFIS_DCMTK_367");
        assertThat(ui.items()).hasSize(3);
    }

    @Test
    void encode_ofEchoscuRequestBuiltFromRecords_matchesTheCapturedBytes() {
        AAssociateRq rq = new AAssociateRq("STORESCP", "ECHOSCU",
                List.of(new PresentationContextRq(1, VERIFICATION, IMPLICIT_LE)),
                UserInformation.of(new UserItem.MaximumLength(16384),
                        new UserItem.ImplementationClassUid(DCMTK_CLASS_UID),
                        new UserItem.ImplementationVersionName("OFFIS_DCMTK_367")));

        assertThat(encode(rq)).isEqualTo(GoldenPdu.load("a-associate-rq-echoscu.hex").canonical());
    }

    @Test
    void decode_storescpAcceptForEcho() {
        AAssociateAc ac = (AAssociateAc) decodeOne(GoldenPdu.load("a-associate-ac-storescp-echo.hex").bytes());

        assertThat(ac.calledAeTitle()).isEqualTo("STORESCP");
        assertThat(ac.callingAeTitle()).isEqualTo("ECHOSCU");
        assertThat(ac.presentationContexts()).containsExactly(PresentationContextAc.accepted(1, IMPLICIT_LE));
        assertThat(ac.presentationContexts().get(0).result()).isEqualTo(PresentationContextAc.Result.ACCEPTANCE);
        assertThat(ac.userInformation().maximumLength()).hasValue(16384);
    }

    @Test
    void decode_storescuRequestWithSixteenPresentationContexts() {
        AAssociateRq rq = (AAssociateRq) decodeOne(GoldenPdu.load("a-associate-rq-storescu.hex").bytes());

        assertThat(rq.callingAeTitle()).isEqualTo("STORESCU");
        assertThat(rq.presentationContexts()).hasSize(16);
        assertThat(rq.presentationContexts()).extracting(PresentationContextRq::id)
                .containsExactly(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
        assertThat(rq.presentationContexts().get(0).abstractSyntax()).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(rq.presentationContexts()).allSatisfy(pc -> assertThat(pc.transferSyntaxes()).isNotEmpty());

        AAssociateAc ac = (AAssociateAc) decodeOne(GoldenPdu.load("a-associate-ac-storescp-store.hex").bytes());
        assertThat(ac.presentationContexts()).hasSize(16).allMatch(PresentationContextAc::isAccepted);
    }

    @Test
    void decode_storescuUserIdentity_andNeverPrintsTheCredentials() {
        AAssociateRq rq = (AAssociateRq) decodeOne(
                GoldenPdu.load("a-associate-rq-storescu-user-identity.hex").bytes());

        UserItem.UserIdentityRq id = rq.userInformation().userIdentityRq().orElseThrow();
        assertThat(id.type()).isEqualTo(UserItem.UserIdentityRq.IdentityType.USERNAME_AND_PASSCODE);
        assertThat(id.positiveResponseRequested()).isTrue();
        assertThat(new String(id.primaryField(), StandardCharsets.UTF_8)).isEqualTo("alice");
        assertThat(new String(id.secondaryField(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(id).isEqualTo(UserItem.UserIdentityRq.username("alice", "s3cret", true));
        assertThat(rq.toString()).doesNotContain("alice").doesNotContain("s3cret");
    }

    @Test
    void decode_everyRequestSubItem() {
        AAssociateRq rq = (AAssociateRq) decodeOne(
                GoldenPdu.load("a-associate-rq-extended-negotiation.hex").bytes());

        assertThat(rq.calledAeTitle()).isEqualTo("MIPGW");
        assertThat(rq.callingAeTitle()).isEqualTo("MODALITY_01");
        assertThat(rq.presentationContexts()).containsExactly(
                new PresentationContextRq(1, VERIFICATION, IMPLICIT_LE),
                new PresentationContextRq(3, "1.2.840.10008.5.1.4.31", "1.2.840.10008.1.2.1", IMPLICIT_LE),
                new PresentationContextRq(5, "1.2.840.10008.1.20.1", IMPLICIT_LE));
        assertThat(rq.userInformation().items()).containsExactly(
                new UserItem.MaximumLength(32768),
                new UserItem.ImplementationClassUid("2.25.329800735698586629295641978511506172918"),
                new UserItem.AsyncOperationsWindow(5, 1),
                new UserItem.RoleSelection("1.2.840.10008.1.20.1", false, true),
                new UserItem.ImplementationVersionName("MIPGW_010"),
                new UserItem.SopClassExtendedNegotiation("1.2.840.10008.5.1.4.31", new byte[] {1, 0, 1}),
                new UserItem.SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.88.40", "1.2.840.10008.4.2",
                        List.of("1.2.840.10008.5.1.4.1.1.88.22")),
                new UserItem.UserIdentityRq(1, true, "tech".getBytes(StandardCharsets.UTF_8), new byte[0]),
                new UserItem.Unknown(0x7F, 0, new byte[] {0x12, 0x34}));
        assertThat(rq.userInformation().asyncOperationsWindow()).hasValue(new UserItem.AsyncOperationsWindow(5, 1));
        assertThat(rq.userInformation().itemsOf(UserItem.RoleSelection.class)).hasSize(1);
    }

    @Test
    void decode_everyAcceptSubItem_andARejectedContextWithoutTransferSyntax() {
        AAssociateAc ac = (AAssociateAc) decodeOne(
                GoldenPdu.load("a-associate-ac-extended-negotiation.hex").bytes());

        assertThat(ac.presentationContexts()).containsExactly(
                PresentationContextAc.accepted(1, IMPLICIT_LE),
                PresentationContextAc.accepted(3, "1.2.840.10008.1.2.1"),
                new PresentationContextAc(5, 3, null));
        assertThat(ac.presentationContexts().get(2).result())
                .isEqualTo(PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        assertThat(ac.userInformation().userIdentityAc()).hasValue(new UserItem.UserIdentityAc(new byte[0]));
        assertThat(ac.userInformation().itemsOf(UserItem.SopClassExtendedNegotiation.class)).hasSize(1);
    }

    @Test
    void decode_rejects() {
        AAssociateRj refused = (AAssociateRj) decodeOne(GoldenPdu.load("a-associate-rj-storescp-refuse.hex").bytes());
        assertThat(refused.result()).isEqualTo(AAssociateRj.Result.REJECTED_PERMANENT);
        assertThat(refused.source()).isEqualTo(AAssociateRj.Source.SERVICE_USER);
        assertThat(refused.reason()).isEqualTo(AAssociateRj.Reason.USER_NO_REASON_GIVEN);

        AAssociateRj version = (AAssociateRj) decodeOne(GoldenPdu.load("a-associate-rj-protocol-version.hex").bytes());
        assertThat(version).isEqualTo(
                AAssociateRj.of(AAssociateRj.Result.REJECTED_PERMANENT, AAssociateRj.Reason.PROTOCOL_VERSION_NOT_SUPPORTED));
        assertThat(version.source()).isEqualTo(AAssociateRj.Source.SERVICE_PROVIDER_ACSE);
    }

    @Test
    void decode_releaseAndAbort() {
        assertThat(decodeOne(GoldenPdu.load("a-release-rq-echoscu.hex").bytes())).isEqualTo(AReleaseRq.INSTANCE);
        assertThat(decodeOne(GoldenPdu.load("a-release-rp-storescp.hex").bytes())).isEqualTo(AReleaseRp.INSTANCE);
        AAbort user = (AAbort) decodeOne(GoldenPdu.load("a-abort-echoscu.hex").bytes());
        assertThat(user).isEqualTo(AAbort.serviceUser());
        assertThat(user.source()).isEqualTo(AAbort.Source.SERVICE_USER);
        AAbort provider = (AAbort) decodeOne(GoldenPdu.load("a-abort-provider-invalid-parameter.hex").bytes());
        assertThat(provider.source()).isEqualTo(AAbort.Source.SERVICE_PROVIDER);
        assertThat(provider.reason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
    }

    @Test
    void decode_echoCommandPData() {
        GoldenPdu golden = GoldenPdu.load("p-data-tf-c-echo-rq-echoscu.hex");
        PDataTf pData = (PDataTf) decodeOne(golden.bytes());
        try {
            assertThat(pData.pdvs()).hasSize(1);
            PresentationDataValue pdv = pData.pdvs().get(0);
            assertThat(pdv.presentationContextId()).isEqualTo(1);
            assertThat(pdv.command()).isTrue();
            assertThat(pdv.last()).isTrue();
            assertThat(ByteBufUtil.getBytes(pdv.data()))
                    .isEqualTo(java.util.Arrays.copyOfRange(golden.bytes(), 12, golden.bytes().length));
            assertThat(pData.pduLength()).isEqualTo(golden.bytes().length - 6);
        } finally {
            pData.release();
        }
    }

    @Test
    void decode_twoPdvsInOnePData() {
        PDataTf pData = (PDataTf) decodeOne(GoldenPdu.load("p-data-tf-two-pdvs.hex").bytes());
        try {
            assertThat(pData.pdvs()).extracting(PresentationDataValue::command).containsExactly(true, false);
            assertThat(pData.pdvs()).extracting(PresentationDataValue::last).containsExactly(true, false);
            assertThat(pData.pdvs().get(1).data()).isEqualTo(
                    Unpooled.wrappedBuffer(new byte[] {0x08, 0, 0x60, 0, 2, 0, 0, 0, 'M', 'R'}));
        } finally {
            pData.release();
        }
        assertThat(pData.refCnt()).isZero();
    }

    @Test
    void decode_reservedPduTypeAsUnknownPdu() {
        assertThat(decodeOne(GoldenPdu.load("unknown-pdu-type-08.hex").bytes()))
                .isEqualTo(new UnknownPdu(8, new byte[] {1, 2, 3}));
    }
}
