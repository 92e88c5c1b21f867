package org.mip.gateway.net.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mip.gateway.net.codec.PduCodecTesting.MAX_PDU;
import static org.mip.gateway.net.codec.PduCodecTesting.concat;
import static org.mip.gateway.net.codec.PduCodecTesting.decode;
import static org.mip.gateway.net.codec.PduCodecTesting.decodeMalformed;
import static org.mip.gateway.net.codec.PduCodecTesting.decodeOne;
import static org.mip.gateway.net.codec.PduCodecTesting.encode;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.ApplicationContext;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UnknownPdu;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

class PduDecoderTest {
    /** Offsets in a-associate-rq-echoscu.hex. */
    private static final int CALLED_AE = 10;
    private static final int CALLING_AE = 26;
    private static final int APPLICATION_CONTEXT_ITEM = 74;
    private static final int PRESENTATION_CONTEXT_ITEM = 99;
    private static final int ABSTRACT_SYNTAX_SUB_ITEM = 107;

    private static byte[] echoRq() {
        return GoldenPdu.load("a-associate-rq-echoscu.hex").canonical();
    }

    private static byte[] echoAc() {
        return GoldenPdu.load("a-associate-ac-storescp-echo.hex").canonical();
    }

    private static byte[] withPduLength(byte[] pdu) {
        int length = pdu.length - 6;
        pdu[2] = (byte) (length >>> 24);
        pdu[3] = (byte) (length >>> 16);
        pdu[4] = (byte) (length >>> 8);
        pdu[5] = (byte) length;
        return pdu;
    }

    private static byte[] header(int type, long length) {
        return new byte[] {(byte) type, 0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length};
    }

    private static byte[] pData(int pduLength) {
        byte[] pdu = new byte[6 + pduLength];
        System.arraycopy(header(Pdu.P_DATA_TF, pduLength), 0, pdu, 0, 6);
        int itemLength = pduLength - 4;
        pdu[6] = (byte) (itemLength >>> 24);
        pdu[7] = (byte) (itemLength >>> 16);
        pdu[8] = (byte) (itemLength >>> 8);
        pdu[9] = (byte) itemLength;
        pdu[10] = 1;
        pdu[11] = 0;
        return pdu;
    }

    private static AAssociateRq requestWith(UserItem... items) {
        return new AAssociateRq("SCP", "SCU", List.of(new PresentationContextRq(1, "1.2.840.10008.1.1",
                "1.2.840.10008.1.2")), UserInformation.of(items));
    }

    private static void releaseAll(List<Object> messages) {
        messages.forEach(ReferenceCountUtil::release);
    }

    // ---- framing: input split anywhere gives the same PDUs

    @Test
    void decode_givesTheSamePdusForEverySplitPosition() {
        byte[] stream = concat(GoldenPdu.all().stream().map(GoldenPdu::canonical).toArray(byte[][]::new));
        List<Object> whole = decode(stream);
        assertThat(whole).hasSize(GoldenPdu.names().size()).allMatch(m -> m instanceof Pdu);

        for (int split = 1; split < stream.length; split++) {
            List<Object> parts = decode(Arrays.copyOfRange(stream, 0, split),
                    Arrays.copyOfRange(stream, split, stream.length));
            assertThat(parts).as("split at %d", split).isEqualTo(whole);
            releaseAll(parts);
        }
        releaseAll(whole);
    }

    @Test
    void decode_givesTheSamePdusWhenFedOneByteAtATime() {
        byte[] stream = concat(GoldenPdu.all().stream().map(GoldenPdu::bytes).toArray(byte[][]::new));
        List<Object> whole = decode(stream);
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[] {stream[i]};
        }
        List<Object> oneByOne = decode(bytes);
        assertThat(oneByOne).isEqualTo(whole);
        releaseAll(oneByOne);
        releaseAll(whole);
    }

    @Test
    void decode_emitsEachPduAsSoonAsItIsComplete() {
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(MAX_PDU));
        byte[] rq = echoRq();
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(rq, rq.length - 1)));
        assertThat(channel.<Object>readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {rq[rq.length - 1]}));
        assertThat(channel.<Object>readInbound()).isInstanceOf(AAssociateRq.class);
        assertThat(channel.finish()).isFalse();
    }

    // ---- length bounds

    @Test
    void decode_rejectsPduLongerThanMaxLength_assoonAsTheHeaderArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(MAX_PDU));
        channel.writeInbound(Unpooled.wrappedBuffer(header(Pdu.P_DATA_TF, MAX_PDU + 1)));

        MalformedPdu malformed = channel.readInbound();
        assertThat(malformed.pduType()).isEqualTo(Pdu.P_DATA_TF);
        assertThat(malformed.pduLength()).isEqualTo(MAX_PDU + 1);
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(malformed.reason()).contains("exceeds");
        channel.finishAndReleaseAll();
    }

    @Test
    void decode_rejectsPduLengthOfFourGigabytesWithoutBufferingIt() {
        MalformedPdu malformed = decodeMalformed(header(Pdu.P_DATA_TF, 0xFFFF_FFFFL));
        assertThat(malformed.pduLength()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void decode_acceptsPDataTfOfExactlyMaxLength() {
        PDataTf pData = (PDataTf) decodeOne(pData(MAX_PDU));
        assertThat(pData.pduLength()).isEqualTo(MAX_PDU);
        assertThat(pData.pdvs().get(0).data().readableBytes()).isEqualTo(MAX_PDU - 6);
        pData.release();
    }

    @Test
    void decode_acceptsAssociateRqLongerThanMaxPduLength_upToItsOwnLimit() {
        AAssociateRq big = requestWith(new UserItem.MaximumLength(MAX_PDU),
                new UserItem.Unknown(0x7F, 0, new byte[30_000]));
        byte[] bytes = encode(big);
        assertThat(bytes.length).isGreaterThan(MAX_PDU);

        assertThat(decodeOne(bytes)).isEqualTo(big);
        MalformedPdu malformed = PduCodecTesting.decode(new PduDecoder(MAX_PDU, 20_000), bytes).stream()
                .map(MalformedPdu.class::cast).findFirst().orElseThrow();
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(malformed.reason()).contains("exceeds the limit of 20000");
    }

    @Test
    void decode_rejectsFixedLengthPdusOfAnotherLength() {
        MalformedPdu malformed = decodeMalformed(concat(header(Pdu.A_RELEASE_RQ, 5), new byte[5]));
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(decodeMalformed(header(Pdu.A_ABORT, 0)).reason()).contains("expected 4");
        assertThat(decodeMalformed(concat(header(Pdu.A_ASSOCIATE_RJ, 3), new byte[3])).pduType()).isEqualTo(3);
    }

    @Test
    void decode_rejectsAssociateRqShorterThanItsFixedFields() {
        MalformedPdu malformed = decodeMalformed(concat(header(Pdu.A_ASSOCIATE_RQ, 67), new byte[67]));
        assertThat(malformed.reason()).contains("68");
    }

    // ---- reserved PDU types

    @Test
    void decode_turnsReservedPduTypeIntoUnknownPdu_andGoesOn() {
        List<Object> out = decode(concat(header(0x08, 2), new byte[] {7, 7}, header(0xFF, 0),
                encode(AReleaseRq.INSTANCE)));
        assertThat(out).containsExactly(new UnknownPdu(0x08, new byte[] {7, 7}), new UnknownPdu(0xFF, new byte[0]),
                AReleaseRq.INSTANCE);
    }

    @Test
    void decode_rejectsReservedPduTypeLongerThanMaxLength_asUnrecognizedPdu() {
        MalformedPdu malformed = decodeMalformed(header(0x00, MAX_PDU + 1));
        assertThat(malformed.pduType()).isZero();
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.UNRECOGNIZED_PDU);
        assertThat(malformed.toAAbort()).isEqualTo(new AAbort(2, 1));
    }

    // ---- items

    @Test
    void decode_rejectsItemLengthOverrunningThePdu() {
        byte[] rq = echoRq();
        rq[PRESENTATION_CONTEXT_ITEM + 2] = (byte) 0xFF;
        MalformedPdu malformed = decodeMalformed(rq);
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(malformed.reason()).contains("item 20H").contains("overruns");
    }

    @Test
    void decode_rejectsSubItemLengthOverrunningItsItem() {
        byte[] rq = echoRq();
        rq[ABSTRACT_SYNTAX_SUB_ITEM + 3] = 0x7F; // abstract syntax length 127 in a 46-byte item
        assertThat(decodeMalformed(rq).reason()).contains("item 30H").contains("Presentation Context Item 1");
    }

    @Test
    void decode_rejectsTruncatedVariableItems() {
        byte[] rq = echoRq();
        // The PDU ends two bytes into the presentation context item's header.
        MalformedPdu header = decodeMalformed(withPduLength(Arrays.copyOf(rq, PRESENTATION_CONTEXT_ITEM + 2)));
        assertThat(header.reason()).contains("truncated item header");
        // The PDU ends inside the implementation version name.
        MalformedPdu value = decodeMalformed(withPduLength(Arrays.copyOf(rq, rq.length - 3)));
        assertThat(value.reason()).contains("item 50H").contains("overruns");
    }

    @Test
    void decode_rejectsTruncatedFieldsInsideSubItems() {
        byte[] roleSelection = {0, 50, '1', '.', '2', 0, 1}; // UID length 50, 3 bytes of UID
        assertThat(decodeMalformed(encode(requestWith(new UserItem.Unknown(0x54, 0, roleSelection)))).reason())
                .contains("sub-item 54H");
        byte[] identity = {2, 0, 0, 5, 'a', 'l', 'i', 'c', 'e', 0, 9, 'x'}; // secondary length 9, 1 byte
        assertThat(decodeMalformed(encode(requestWith(new UserItem.Unknown(0x58, 0, identity)))).reason())
                .contains("sub-item 58H");
        byte[] common = {0, 3, '1', '.', '2', 0, 3, '1', '.', '3', 0, 4, 0, 9, '1', '.'};
        assertThat(decodeMalformed(encode(requestWith(new UserItem.Unknown(0x57, 0, common)))).reason())
                .contains("sub-item 57H");
    }

    @Test
    void decode_rejectsFixedSizeSubItemsOfAnotherSize() {
        MalformedPdu maxLength = decodeMalformed(encode(requestWith(new UserItem.Unknown(0x51, 0, new byte[3]))));
        assertThat(maxLength.reason()).isEqualTo("sub-item 51H length 3, expected 4");
        MalformedPdu window = decodeMalformed(encode(requestWith(new UserItem.Unknown(0x53, 0, new byte[5]))));
        assertThat(window.reason()).isEqualTo("sub-item 53H length 5, expected 4");
    }

    @Test
    void decode_rejectsBlankCalledAeTitle() {
        byte[] rq = echoRq();
        Arrays.fill(rq, CALLED_AE, CALLED_AE + 16, (byte) ' ');
        MalformedPdu malformed = decodeMalformed(rq);
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(malformed.reason()).isEqualTo("blank Called-AE-title");
    }

    @Test
    void decode_rejectsBlankCallingAeTitle() {
        byte[] rq = echoRq();
        Arrays.fill(rq, CALLING_AE, CALLING_AE + 16, (byte) 0);
        assertThat(decodeMalformed(rq).reason()).isEqualTo("blank Calling-AE-title");
    }

    @Test
    void decode_acceptsBlankAeTitlesInAssociateAc_whereTheyAreNotTested() {
        byte[] ac = echoAc();
        Arrays.fill(ac, CALLED_AE, CALLING_AE + 16, (byte) ' ');
        AAssociateAc decoded = (AAssociateAc) decodeOne(ac);
        assertThat(decoded.calledAeTitle()).isEmpty();
        assertThat(decoded.callingAeTitle()).isEmpty();
    }

    @Test
    void decode_trimsLeadingAndTrailingSpacesOfAeTitles() {
        byte[] rq = echoRq();
        System.arraycopy("  STORE SCP     ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, rq, CALLED_AE, 16);
        assertThat(((AAssociateRq) decodeOne(rq)).calledAeTitle()).isEqualTo("STORE SCP");
    }

    @Test
    void decode_rejectsMissingApplicationContextItem() {
        byte[] rq = echoRq();
        byte[] without = withPduLength(concat(Arrays.copyOf(rq, APPLICATION_CONTEXT_ITEM),
                Arrays.copyOfRange(rq, PRESENTATION_CONTEXT_ITEM, rq.length)));
        assertThat(decodeMalformed(without).reason()).isEqualTo("no Application Context Item in A-ASSOCIATE-RQ");
    }

    @Test
    void decode_rejectsSecondApplicationContextItem_asUnexpectedParameter() {
        byte[] rq = echoRq();
        byte[] twice = withPduLength(concat(rq, Arrays.copyOfRange(rq, APPLICATION_CONTEXT_ITEM,
                PRESENTATION_CONTEXT_ITEM)));
        MalformedPdu malformed = decodeMalformed(twice);
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.UNEXPECTED_PDU_PARAMETER);
    }

    @Test
    void decode_rejectsRequestContextItemInAnAccept() {
        byte[] ac = echoAc();
        ac[PRESENTATION_CONTEXT_ITEM] = 0x20;
        assertThat(decodeMalformed(ac).abortReason()).isEqualTo(AAbort.Reason.UNEXPECTED_PDU_PARAMETER);
    }

    @Test
    void decode_skipsItemsOfUnrecognizedType() {
        byte[] rq = echoRq();
        byte[] withUnknown = withPduLength(concat(rq, new byte[] {0x60, 0, 0, 2, 1, 2}));
        assertThat(decodeOne(withUnknown)).isEqualTo(decodeOne(rq));
    }

    @Test
    void decode_rejectsPresentationContextWithoutAbstractSyntax() {
        byte[] rq = echoRq();
        rq[ABSTRACT_SYNTAX_SUB_ITEM] = 0x31; // now an unrecognized sub-item, skipped
        assertThat(decodeMalformed(rq).reason()).isEqualTo("no Abstract Syntax Sub-Item in Presentation Context 1");
    }

    @Test
    void decode_rejectsAcceptedContextWithoutTransferSyntax_butNotARejectedOne() {
        byte[] ac = echoAc();
        ac[PRESENTATION_CONTEXT_ITEM + 8] = 0x41;
        assertThat(decodeMalformed(ac).reason()).contains("no Transfer Syntax Sub-Item");
        ac[PRESENTATION_CONTEXT_ITEM + 6] = 4;
        assertThat(((AAssociateAc) decodeOne(ac)).presentationContexts().get(0).transferSyntax()).isNull();
    }

    @Test
    void decode_toleratesAMissingUserInformationItem() {
        byte[] rq = echoRq();
        int userInformation = rq.length - 62;
        assertThat(rq[userInformation]).isEqualTo((byte) 0x50);
        AAssociateRq decoded = (AAssociateRq) decodeOne(withPduLength(Arrays.copyOf(rq, userInformation)));
        assertThat(decoded.userInformation().items()).isEmpty();
        assertThat(decoded.userInformation().maximumLength()).isEmpty();
    }

    @Test
    void decode_stripsPaddingFromUids() {
        AAssociateRq padded = new AAssociateRq(1, "SCP", "SCU", new ApplicationContext("1.2.840.10008.3.1.1.1\0"),
                List.of(new PresentationContextRq(1, "1.2.840.10008.1.1 ", "1.2.840.10008.1.2\0")),
                UserInformation.of(new UserItem.ImplementationClassUid("1.2.3\0")));
        AAssociateRq decoded = (AAssociateRq) decodeOne(encode(padded));
        assertThat(decoded.applicationContext()).isEqualTo(ApplicationContext.DICOM);
        assertThat(decoded.presentationContexts().get(0))
                .isEqualTo(new PresentationContextRq(1, "1.2.840.10008.1.1", "1.2.840.10008.1.2"));
        assertThat(decoded.userInformation().implementationClassUid()).hasValue("1.2.3");
    }

    // ---- protocol version

    @Test
    void decode_exposesAProtocolVersionWithoutBit0_forTheUpperLayerToReject() {
        byte[] rq = echoRq();
        rq[6] = 0;
        rq[7] = 2;
        AAssociateRq decoded = (AAssociateRq) decodeOne(rq);
        assertThat(decoded.protocolVersion()).isEqualTo(2);
        assertThat(decoded.supportsVersion1()).isFalse();
        rq[6] = (byte) 0xFF;
        rq[7] = (byte) 0xFF;
        assertThat(((AAssociateRq) decodeOne(rq)).supportsVersion1()).isTrue();
    }

    // ---- P-DATA-TF

    @Test
    void decode_rejectsPdvItemLengthZero() {
        MalformedPdu malformed = decodeMalformed(concat(header(Pdu.P_DATA_TF, 4), new byte[] {0, 0, 0, 0}));
        assertThat(malformed.abortReason()).isEqualTo(AAbort.Reason.INVALID_PDU_PARAMETER_VALUE);
        assertThat(malformed.reason()).contains("PDV item length 0");
    }

    @Test
    void decode_rejectsPdvItemLengthOne() {
        MalformedPdu malformed = decodeMalformed(concat(header(Pdu.P_DATA_TF, 5), new byte[] {0, 0, 0, 1, 1}));
        assertThat(malformed.reason()).contains("PDV item length 1");
    }

    @Test
    void decode_acceptsAnEmptyFragment() {
        PDataTf pData = (PDataTf) decodeOne(concat(header(Pdu.P_DATA_TF, 6), new byte[] {0, 0, 0, 2, 3, 2}));
        assertThat(pData.pdvs().get(0).data().readableBytes()).isZero();
        assertThat(pData.pdvs().get(0).presentationContextId()).isEqualTo(3);
        assertThat(pData.pdvs().get(0).last()).isTrue();
        pData.release();
    }

    @Test
    void decode_ignoresMessageControlHeaderBits2To7() {
        PDataTf pData = (PDataTf) decodeOne(concat(header(Pdu.P_DATA_TF, 7), new byte[] {0, 0, 0, 3, 1, (byte) 0xFD, 9}));
        assertThat(pData.pdvs().get(0).command()).isTrue();
        assertThat(pData.pdvs().get(0).last()).isFalse();
        pData.release();
    }

    @Test
    void decode_rejectsPdvItemOverrunningThePdu() {
        assertThat(decodeMalformed(concat(header(Pdu.P_DATA_TF, 8), new byte[] {0, 0, 0, 5, 1, 0, 9, 9})).reason())
                .contains("overruns");
        assertThat(decodeMalformed(concat(header(Pdu.P_DATA_TF, 9), new byte[] {0, 0, 0, 3, 1, 0, 9, 0, 0})).reason())
                .contains("truncated PDV item header");
    }

    @Test
    void decode_rejectsPDataTfWithoutPdvs() {
        assertThat(decodeMalformed(header(Pdu.P_DATA_TF, 0)).reason()).isEqualTo("P-DATA-TF without PDV items");
    }

    @Test
    void decode_pDataFragmentsShareTheReceivedBytes_andAreFreedWithThePdu() {
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(MAX_PDU));
        io.netty.buffer.ByteBuf input = Unpooled.wrappedBuffer(GoldenPdu.load("p-data-tf-two-pdvs.hex").bytes());
        channel.writeInbound(input);
        PDataTf pData = channel.readInbound();
        assertThat(pData.refCnt()).isPositive();
        assertThat(input.refCnt()).isPositive(); // the slices keep the input alive
        pData.release();
        assertThat(pData.refCnt()).isZero();
        assertThat(input.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    // ---- after an error, and at the end of the stream

    @Test
    void decode_discardsAllInputAfterAMalformedPdu() {
        List<Object> out = decode(header(Pdu.A_RELEASE_RQ, 9), new byte[9], encode(AReleaseRq.INSTANCE),
                encode(AReleaseRq.INSTANCE));
        assertThat(out).hasSize(1).first().isInstanceOf(MalformedPdu.class);
    }

    @Test
    void decode_reportsAConnectionClosedInsideAPdu() {
        byte[] rq = echoRq();
        MalformedPdu body = decodeMalformed(Arrays.copyOf(rq, 100));
        assertThat(body.pduType()).isEqualTo(Pdu.A_ASSOCIATE_RQ);
        assertThat(body.pduLength()).isEqualTo(rq.length - 6);
        assertThat(body.reason()).isEqualTo("connection closed after 94 bytes of the PDU body");

        MalformedPdu header = decodeMalformed(new byte[] {1, 0, 0});
        assertThat(header.pduType()).isEqualTo(-1);
        assertThat(header.toString()).contains("incomplete header");
    }

    @Test
    void decode_emitsNothingForACleanEndOfStream() {
        List<Object> out = new ArrayList<>(decode(encode(AReleaseRq.INSTANCE)));
        assertThat(out).containsExactly(AReleaseRq.INSTANCE);
    }
}
