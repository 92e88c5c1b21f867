package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.DimseException.Reason;

class CommandCodecTest {

    // ---- golden bytes captured from DCMTK 3.6.7 ----------------------------------------------

    @Test
    void decode_readsEchoscuCEchoRq() throws Exception {
        assertThat(CommandCodec.decode(GoldenHex.load("c-echo-rq-echoscu.hex")))
                .isEqualTo(new CEchoRq(1, UID.Verification));
    }

    @Test
    void encode_writesCEchoRqByteForByteAsEchoscu() {
        assertThat(CommandCodec.encode(new CEchoRq(1, UID.Verification)))
                .isEqualTo(GoldenHex.load("c-echo-rq-echoscu.hex"));
    }

    @Test
    void encode_writesCEchoRqAsBuiltByHandFromPs37() {
        byte[] expected = GoldenHex.parse("""
                00 00 00 00 04 00 00 00  38 00 00 00   # (0000,0000) UL Command Group Length = 56
                00 00 02 00 12 00 00 00                # (0000,0002) UI Affected SOP Class UID, 18 bytes
                31 2e 32 2e 38 34 30 2e 31 30 30 30 38 2e 31 2e 31 00  # '1.2.840.10008.1.1' + NUL pad (odd length 17)
                00 00 00 01 02 00 00 00  30 00         # (0000,0100) US Command Field = 0030H C-ECHO-RQ
                00 00 10 01 02 00 00 00  05 00         # (0000,0110) US Message ID = 5
                00 00 00 08 02 00 00 00  01 01         # (0000,0800) US Command Data Set Type = 0101H, no data set
                """);
        assertThat(CommandCodec.encode(new CEchoRq(5, "1.2.840.10008.1.1"))).isEqualTo(expected);
    }

    @Test
    void decode_readsStorescpCEchoRsp() throws Exception {
        byte[] golden = GoldenHex.load("c-echo-rsp-storescp.hex");
        CEchoRsp expected = new CEchoRsp(1, UID.Verification, Status.Success, ErrorInfo.NONE);
        assertThat(CommandCodec.decode(golden)).isEqualTo(expected);
        assertThat(CommandCodec.encode(expected)).isEqualTo(golden);
    }

    @Test
    void decode_readsStorescuCStoreRqAndEncodesItBackIdentically() throws Exception {
        byte[] golden = GoldenHex.load("c-store-rq-storescu.hex");
        CStoreRq expected = new CStoreRq(1, UID.CTImageStorage, "1.2.826.0.1.3680043.2.1125.1.1", Priority.MEDIUM);
        assertThat(CommandCodec.decode(golden)).isEqualTo(expected);
        assertThat(CommandCodec.encode(expected)).isEqualTo(golden);
    }

    @Test
    void decode_readsStorescpCStoreRsp() throws Exception {
        byte[] golden = GoldenHex.load("c-store-rsp-storescp.hex");
        CStoreRsp expected = new CStoreRsp(1, UID.CTImageStorage, "1.2.826.0.1.3680043.2.1125.1.1",
                Status.Success, ErrorInfo.NONE);
        assertThat(CommandCodec.decode(golden)).isEqualTo(expected);
        assertThat(CommandCodec.encode(expected)).isEqualTo(golden);
    }

    @Test
    void decode_readsFindscuWorklistCFindRq() throws Exception {
        byte[] golden = GoldenHex.load("c-find-rq-findscu.hex");
        CFindRq expected = new CFindRq(1, UID.ModalityWorklistInformationModelFind, Priority.MEDIUM);
        assertThat(CommandCodec.decode(golden)).isEqualTo(expected);
        assertThat(CommandCodec.encode(expected)).isEqualTo(golden);
    }

    @Test
    void decode_readsWlmscpfsOutOfResourcesCFindRsp() throws Exception {
        byte[] golden = GoldenHex.load("c-find-rsp-wlmscpfs-a700.hex");
        CFindRsp expected = new CFindRsp(1, UID.ModalityWorklistInformationModelFind, Status.OutOfResources,
                ErrorInfo.NONE, false);
        DimseMessage decoded = CommandCodec.decode(golden);
        assertThat(decoded).isEqualTo(expected);
        assertThat(((DimseResponse) decoded).category()).isEqualTo(Status.Category.FAILURE);
        assertThat(CommandCodec.encode(expected)).isEqualTo(golden);
    }

    // ---- round trips --------------------------------------------------------------------------

    static List<DimseMessage> samples() {
        return SampleMessages.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void encodeThenDecode_givesTheSameMessage(DimseMessage message) throws Exception {
        byte[] bytes = CommandCodec.encode(message);
        assertThat(CommandCodec.decode(bytes)).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void encode_putsGroupLengthFirstAndElementsAscendingWithEvenLengths(DimseMessage message) {
        byte[] b = CommandCodec.encode(message);
        assertThat(b.length % 2).isZero();
        assertThat(Arrays.copyOfRange(b, 0, 8)).containsExactly(0, 0, 0, 0, 4, 0, 0, 0);
        assertThat(le32(b, 8)).isEqualTo(b.length - 12);
        int previous = -1;
        for (int p = 12; p < b.length; ) {
            int tag = (le16(b, p) << 16) | le16(b, p + 2);
            int length = le32(b, p + 4);
            assertThat(tag).isGreaterThan(previous);
            assertThat(length % 2).as("length of %s", Tag.toString(tag)).isZero();
            previous = tag;
            p += 8 + length;
        }
    }

    @Test
    void samples_coverEveryCommandField() {
        Set<CommandField> covered = SampleMessages.all().stream().map(DimseMessage::commandField)
                .collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(CommandField.class));
    }

    @Test
    void encode_padsAeTitlesWithSpaceAndUidsWithNul() {
        byte[] b = CommandCodec.encode(new CMoveRq(1, "1.2.3", Priority.MEDIUM, "ABC"));
        String ascii = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(ascii).contains("1.2.3\0").contains("ABC ");
    }

    @Test
    void errorInfo_keepsCommentsWithinLoOfTheDefaultRepertoire() {
        ErrorInfo e = ErrorInfo.comment("Ünïcode\\back\nslash " + "x".repeat(100));
        assertThat(e.errorComment()).hasSize(64).startsWith("?n?code/back slash x");
        assertThat(ErrorInfo.comment("   ").errorComment()).isNull();
    }

    // ---- rejections ---------------------------------------------------------------------------

    private static final byte[] ECHO = CommandCodec.encode(new CEchoRq(1, UID.Verification));

    @Test
    void decode_rejectsCommandWithoutGroupLength() {
        byte[] b = Arrays.copyOfRange(ECHO, 12, ECHO.length);
        assertReason(b, Reason.BAD_GROUP_LENGTH);
    }

    @Test
    void decode_rejectsGroupLengthThatDisagreesWithTheBytes() {
        byte[] b = ECHO.clone();
        b[8]++;
        assertReason(b, Reason.BAD_GROUP_LENGTH);
        assertReason(Arrays.copyOf(ECHO, ECHO.length - 2), Reason.BAD_GROUP_LENGTH);
    }

    @Test
    void decode_rejectsEmptyInput() {
        assertReason(new byte[0], Reason.BAD_GROUP_LENGTH);
    }

    @Test
    void decode_rejectsElementsOutOfOrder() {
        byte[] b = GoldenHex.parse("""
                00 00 00 00 04 00 00 00  14 00 00 00   # group length 20
                00 00 10 01 02 00 00 00  01 00         # (0000,0110) Message ID first ...
                00 00 00 01 02 00 00 00  30 00         # ... then (0000,0100) Command Field: not ascending
                """);
        assertReason(b, Reason.MALFORMED_ELEMENT);
    }

    @Test
    void decode_rejectsElementsOutsideGroup0000() {
        byte[] b = GoldenHex.parse("""
                00 00 00 00 04 00 00 00  0a 00 00 00
                08 00 16 00 02 00 00 00  31 00
                """);
        assertReason(b, Reason.MALFORMED_ELEMENT);
    }

    @Test
    void decode_rejectsUsValueOfWrongLength() {
        byte[] b = GoldenHex.parse("""
                00 00 00 00 04 00 00 00  0b 00 00 00
                00 00 00 01 03 00 00 00  30 00 00
                """);
        assertReason(b, Reason.MALFORMED_ELEMENT);
    }

    @Test
    void decode_rejectsValueLongerThanTheCommandSet() {
        byte[] b = GoldenHex.parse("""
                00 00 00 00 04 00 00 00  0a 00 00 00
                00 00 00 01 ff ff ff ff  30 00
                """);
        assertReason(b, Reason.MALFORMED_ELEMENT);
    }

    @Test
    void decode_rejectsCommandWithoutCommandField() {
        CommandSet cs = new CommandSet();
        cs.putUS(Tag.MessageID, 1);
        cs.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        assertReason(cs.encode(), Reason.MISSING_FIELD);
    }

    @Test
    void decode_rejectsCStoreRqWithoutAffectedSopInstanceUid() {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, UID.CTImageStorage);
        cs.putUS(Tag.CommandField, CommandField.C_STORE_RQ.code());
        cs.putUS(Tag.MessageID, 9);
        cs.putUS(Tag.Priority, 0);
        cs.putUS(Tag.CommandDataSetType, 1);
        DimseException e = assertReason(cs.encode(), Reason.MISSING_FIELD);
        assertThat(e.getMessage()).contains("Affected SOP Instance UID").contains("(0000,1000)").contains("C-STORE-RQ");
        assertThat(e.messageId()).isEqualTo(9);
        assertThat(e.isAnswerable()).isFalse();
    }

    @Test
    void decode_rejectsCStoreRqThatAnnouncesNoDataSet() {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, UID.CTImageStorage);
        cs.putUI(Tag.AffectedSOPInstanceUID, "1.2.3");
        cs.putUS(Tag.CommandField, CommandField.C_STORE_RQ.code());
        cs.putUS(Tag.MessageID, 9);
        cs.putUS(Tag.Priority, 0);
        cs.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        assertReason(cs.encode(), Reason.INVALID_FIELD);
    }

    @Test
    void decode_rejectsCEchoRqThatAnnouncesADataSet() {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, UID.Verification);
        cs.putUS(Tag.CommandField, CommandField.C_ECHO_RQ.code());
        cs.putUS(Tag.MessageID, 9);
        cs.putUS(Tag.CommandDataSetType, 0);
        assertReason(cs.encode(), Reason.INVALID_FIELD);
    }

    @Test
    void decode_rejectsInvalidPriority() {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, UID.ModalityWorklistInformationModelFind);
        cs.putUS(Tag.CommandField, CommandField.C_FIND_RQ.code());
        cs.putUS(Tag.MessageID, 9);
        cs.putUS(Tag.Priority, 7);
        cs.putUS(Tag.CommandDataSetType, 1);
        assertReason(cs.encode(), Reason.INVALID_FIELD);
    }

    @Test
    void decode_reportsUnknownRequestWithMessageIdAsAnswerable() {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, "1.2.3.4");
        cs.putUS(Tag.CommandField, 0x0055);
        cs.putUS(Tag.MessageID, 77);
        cs.putUS(Tag.CommandDataSetType, 1);
        DimseException e = assertReason(cs.encode(), Reason.UNKNOWN_COMMAND_FIELD);
        assertThat(e.isAnswerable()).isTrue();
        assertThat(e.messageId()).isEqualTo(77);
        assertThat(e.commandField()).isEqualTo(0x0055);
        assertThat(e.dataSetFollows()).isTrue();
        assertThat(e.affectedSopClassUid()).isEqualTo("1.2.3.4");
    }

    @Test
    void decode_reportsUnknownCommandWithoutMessageIdAsNotAnswerable() {
        CommandSet cs = new CommandSet();
        cs.putUS(Tag.CommandField, 0x0055);
        cs.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        assertThat(assertReason(cs.encode(), Reason.UNKNOWN_COMMAND_FIELD).isAnswerable()).isFalse();
        CommandSet rsp = new CommandSet();
        rsp.putUS(Tag.CommandField, 0x8055);
        rsp.putUS(Tag.MessageID, 3);
        rsp.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        assertThat(assertReason(rsp.encode(), Reason.UNKNOWN_COMMAND_FIELD).isAnswerable()).isFalse();
    }

    @Test
    void encodeUnrecognizedOperation_answersWithStatus0211AndTheResponseBit() throws Exception {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, "1.2.3.4");
        cs.putUS(Tag.CommandField, 0x0055);
        cs.putUS(Tag.MessageID, 77);
        cs.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        DimseException e = assertReason(cs.encode(), Reason.UNKNOWN_COMMAND_FIELD);
        CommandSet answer = CommandSet.parse(CommandCodec.encodeUnrecognizedOperation(e), 0,
                CommandCodec.encodeUnrecognizedOperation(e).length);
        assertThat(answer.us(Tag.CommandField)).isEqualTo(0x8055);
        assertThat(answer.us(Tag.MessageIDBeingRespondedTo)).isEqualTo(77);
        assertThat(answer.us(Tag.Status)).isEqualTo(Status.UnrecognizedOperation);
        assertThat(answer.us(Tag.CommandDataSetType)).isEqualTo(CommandCodec.NO_DATA_SET);
        assertThat(answer.uid(Tag.AffectedSOPClassUID, "")).isEqualTo("1.2.3.4");
    }

    @Test
    void decode_ignoresUnknownAndRetiredElementsOfGroup0000() throws Exception {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, UID.Verification);
        cs.putText(Tag.CommandRecognitionCode, "X");
        cs.putUS(Tag.CommandField, CommandField.C_ECHO_RQ.code());
        cs.putUS(Tag.MessageID, 2);
        cs.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        cs.putText(0x00005555, "??");
        assertThat(CommandCodec.decode(cs.encode())).isEqualTo(new CEchoRq(2, UID.Verification));
    }

    @Test
    void decode_acceptsUidPaddedWithSpaceAsSomePeersSend() throws Exception {
        byte[] b = CommandCodec.encode(new CEchoRq(1, UID.Verification));
        int nul = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(UID.Verification)
                + UID.Verification.length();
        assertThat(b[nul]).isZero();
        b[nul] = ' ';
        assertThat(CommandCodec.decode(b)).isEqualTo(new CEchoRq(1, UID.Verification));
    }

    private static DimseException assertReason(byte[] bytes, Reason reason) {
        try {
            DimseMessage m = CommandCodec.decode(bytes);
            throw new AssertionError("decoded " + m + ", expected " + reason);
        } catch (DimseException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            return e;
        }
    }

    @Test
    void records_rejectOutOfRangeValues() {
        assertThatThrownBy(() -> new CEchoRq(65536, UID.Verification)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CFindRq(1, "1.2", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CMoveRq(1, "1.2", 0, "SEVENTEEN_CHARS_X")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CStoreRq(1, "1.2", null, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void requests_buildResponsesThatEchoTheirIdentifiers() {
        CStoreRq rq = new CStoreRq(5, SampleMessages.CT, SampleMessages.INSTANCE, Priority.MEDIUM);
        assertThat(rq.response(Status.OutOfResources, ErrorInfo.comment("full")))
                .isEqualTo(new CStoreRsp(5, SampleMessages.CT, SampleMessages.INSTANCE, Status.OutOfResources,
                        ErrorInfo.comment("full")));
        assertThat(new NSetRq(6, SampleMessages.MPPS, "1.2.3").response(Status.Success))
                .isEqualTo(new NSetRsp(6, SampleMessages.MPPS, "1.2.3", Status.Success, ErrorInfo.NONE, false));
        for (DimseMessage m : SampleMessages.all()) {
            if (m instanceof DimseRequest r) {
                DimseResponse rsp = r.response(Status.ProcessingFailure);
                assertThat(rsp.commandField()).isEqualTo(r.commandField().response());
                assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(r.messageId());
                assertThat(rsp.hasDataSet()).isFalse();
            }
        }
    }

    private static int le16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    private static int le32(byte[] b, int p) {
        return le16(b, p) | le16(b, p + 2) << 16;
    }
}
