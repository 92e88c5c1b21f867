package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.DimseException.Reason;

class DimseReaderTest {

    /** Records what the reader hands up; data set bytes are collected by a recording sink. */
    static final class Recorder implements DimseReader.Handler {
        final List<String> events = new ArrayList<>();
        final List<DimseMessage> commands = new ArrayList<>();
        final List<RecordingSink> sinks = new ArrayList<>();
        final List<DimseException> unrecognized = new ArrayList<>();

        @Override
        public DataSetSink onCommand(int pcid, DimseMessage command) {
            events.add("command " + command.commandField() + " pc " + pcid);
            commands.add(command);
            if (!command.hasDataSet()) {
                return null;
            }
            RecordingSink sink = new RecordingSink(events);
            sinks.add(sink);
            return sink;
        }

        @Override
        public void onUnrecognizedCommand(int pcid, DimseException error) {
            events.add("unrecognized " + Integer.toHexString(error.commandField()) + " pc " + pcid);
            unrecognized.add(error);
        }
    }

    static final class RecordingSink implements DataSetSink {
        final List<String> events;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int fragments;
        boolean ended;
        Throwable aborted;

        RecordingSink(List<String> events) {
            this.events = events;
        }

        @Override
        public void onFragment(ByteBuf fragment) {
            fragments++;
            byte[] b = new byte[fragment.readableBytes()];
            fragment.readBytes(b);
            bytes.writeBytes(b);
            fragment.release();
            events.add("data " + b.length);
        }

        @Override
        public void onEnd() {
            ended = true;
            events.add("end");
        }

        @Override
        public void onAbort(Throwable cause) {
            aborted = cause;
            events.add("abort");
        }
    }

    private final Recorder recorder = new Recorder();
    private final DimseReader reader = new DimseReader(recorder);

    private static final CStoreRq STORE = new CStoreRq(1, UID.CTImageStorage, "1.2.3.4", Priority.MEDIUM);

    @Test
    void onPdv_deliversCommandWithoutDataSetWhenItsLastFragmentArrives() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(new CEchoRq(1, UID.Verification)));
        assertThat(recorder.commands).containsExactly(new CEchoRq(1, UID.Verification));
        assertThat(reader.isIdle()).isTrue();
    }

    @Test
    void onPdv_assemblesACommandSplitAtEveryByteBoundary() throws Exception {
        byte[] command = CommandCodec.encode(STORE);
        for (int split = 0; split <= command.length; split++) {
            Recorder r = new Recorder();
            DimseReader rd = new DimseReader(r);
            rd.onPdv(3, true, false, Arrays.copyOfRange(command, 0, split));
            assertThat(r.commands).isEmpty();
            rd.onPdv(3, true, true, Arrays.copyOfRange(command, split, command.length));
            assertThat(r.commands).containsExactly(STORE);
        }
    }

    @Test
    void onPdv_assemblesACommandSentOneByteAtATime() throws Exception {
        byte[] command = CommandCodec.encode(STORE);
        for (int i = 0; i < command.length; i++) {
            reader.onPdv(1, true, i == command.length - 1, new byte[] {command[i]});
        }
        assertThat(recorder.commands).containsExactly(STORE);
    }

    @Test
    void onPdv_streamsDataSetFragmentsToTheSinkAsTheyArrive() throws Exception {
        reader.onPdv(5, true, true, CommandCodec.encode(STORE));
        assertThat(recorder.events).containsExactly("command C-STORE-RQ pc 5");
        reader.onPdv(5, false, false, new byte[] {1, 2, 3});
        assertThat(recorder.events).endsWith("data 3");
        reader.onPdv(5, false, false, new byte[] {4});
        reader.onPdv(5, false, true, new byte[] {5, 6});
        assertThat(recorder.events).containsExactly("command C-STORE-RQ pc 5", "data 3", "data 1", "data 2", "end");
        assertThat(recorder.sinks.get(0).bytes.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(reader.isIdle()).isTrue();
    }

    @Test
    void onPdv_handlesMessagesBackToBackOnDifferentContexts() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(STORE));
        reader.onPdv(1, false, true, new byte[] {9});
        reader.onPdv(3, true, true, CommandCodec.encode(new CEchoRq(2, UID.Verification)));
        reader.onPdv(5, true, true, CommandCodec.encode(new CFindRq(3, UID.ModalityWorklistInformationModelFind, 0)));
        reader.onPdv(5, false, true, new byte[] {7, 7});
        assertThat(recorder.events).containsExactly("command C-STORE-RQ pc 1", "data 1", "end",
                "command C-ECHO-RQ pc 3", "command C-FIND-RQ pc 5", "data 2", "end");
    }

    @Test
    void onPdv_leavesTheCallersBufferToTheCaller() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(STORE));
        ByteBuf data = Unpooled.buffer().writeBytes(new byte[] {1, 2});
        reader.onPdv(1, false, true, data);
        assertThat(data.refCnt()).isEqualTo(1);
        assertThat(data.readableBytes()).isEqualTo(2);
        data.release();
    }

    @Test
    void onPdv_rejectsDataFragmentBeforeAnyCommand() {
        assertProtocolError(() -> reader.onPdv(1, false, true, new byte[] {1}), Reason.DATA_BEFORE_COMMAND);
    }

    @Test
    void onPdv_rejectsDataFragmentBeforeTheLastCommandFragment() throws Exception {
        reader.onPdv(1, true, false, Arrays.copyOf(CommandCodec.encode(STORE), 10));
        assertProtocolError(() -> reader.onPdv(1, false, true, new byte[] {1}), Reason.DATA_BEFORE_COMMAND);
    }

    @Test
    void onPdv_rejectsDataSetAfterACommandThatHasNone() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(new CEchoRq(1, UID.Verification)));
        assertProtocolError(() -> reader.onPdv(1, false, true, new byte[] {1}), Reason.DATA_BEFORE_COMMAND);
    }

    @Test
    void onPdv_rejectsDataSetOnAnotherContextThanItsCommand() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(STORE));
        assertProtocolError(() -> reader.onPdv(3, false, true, new byte[] {1}), Reason.PRESENTATION_CONTEXT_MISMATCH);
        assertThat(recorder.sinks.get(0).aborted).isInstanceOf(DimseException.class);
    }

    @Test
    void onPdv_rejectsCommandFragmentOnAnotherContextMidCommand() throws Exception {
        reader.onPdv(1, true, false, Arrays.copyOf(CommandCodec.encode(STORE), 10));
        assertProtocolError(() -> reader.onPdv(3, true, true, new byte[] {1}), Reason.PRESENTATION_CONTEXT_MISMATCH);
    }

    @Test
    void onPdv_rejectsFragmentOfAnotherContextInTheMiddleOfADataSet() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(STORE));
        reader.onPdv(1, false, false, new byte[] {1});
        assertProtocolError(() -> reader.onPdv(7, false, false, new byte[] {2}), Reason.PRESENTATION_CONTEXT_MISMATCH);
        assertThat(recorder.events).containsExactly("command C-STORE-RQ pc 1", "data 1", "abort");
    }

    @Test
    void onPdv_rejectsCommandFragmentInsideADataSet() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(STORE));
        reader.onPdv(1, false, false, new byte[] {1});
        assertProtocolError(() -> reader.onPdv(1, true, true, CommandCodec.encode(new CEchoRq(2, UID.Verification))),
                Reason.COMMAND_DURING_DATA_SET);
    }

    @Test
    void onPdv_rejectsCommandLongerThanTheBound() throws Exception {
        DimseReader small = new DimseReader(recorder, 100);
        small.onPdv(1, true, false, new byte[60]);
        assertProtocolError(() -> small.onPdv(1, true, false, new byte[41]), Reason.COMMAND_TOO_LARGE);
    }

    @Test
    void onPdv_boundsTheDefaultCommandAt64KiB() throws Exception {
        for (int i = 0; i < 64; i++) {
            reader.onPdv(1, true, false, new byte[1024]);
        }
        assertProtocolError(() -> reader.onPdv(1, true, true, new byte[1]), Reason.COMMAND_TOO_LARGE);
    }

    @Test
    void onPdv_rejectsUndecodableCommand() {
        byte[] b = CommandCodec.encode(STORE);
        b[8]++;
        assertProtocolError(() -> reader.onPdv(1, true, true, b), Reason.BAD_GROUP_LENGTH);
    }

    @Test
    void onPdv_refusesInputAfterAFailure() {
        assertProtocolError(() -> reader.onPdv(1, false, true, new byte[] {1}), Reason.DATA_BEFORE_COMMAND);
        assertThatThrownBy(() -> reader.onPdv(1, true, true, CommandCodec.encode(STORE)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onPdv_handsUpAnUnknownRequestAndDiscardsItsDataSet() throws Exception {
        CommandSet cs = new CommandSet();
        cs.putUI(Tag.AffectedSOPClassUID, "1.2.3");
        cs.putUS(Tag.CommandField, 0x0066);
        cs.putUS(Tag.MessageID, 12);
        cs.putUS(Tag.CommandDataSetType, 1);
        reader.onPdv(1, true, true, cs.encode());
        ByteBuf data = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        reader.onPdv(1, false, true, data);
        assertThat(data.refCnt()).isEqualTo(1);
        reader.onPdv(1, true, true, CommandCodec.encode(new CEchoRq(13, UID.Verification)));
        assertThat(recorder.events).containsExactly("unrecognized 66 pc 1", "command C-ECHO-RQ pc 1");
        assertThat(recorder.unrecognized.get(0).messageId()).isEqualTo(12);
    }

    @Test
    void onPdv_rejectsAnUnknownCommandWithoutMessageId() {
        CommandSet cs = new CommandSet();
        cs.putUS(Tag.CommandField, 0x0066);
        cs.putUS(Tag.CommandDataSetType, CommandCodec.NO_DATA_SET);
        assertProtocolError(() -> reader.onPdv(1, true, true, cs.encode()), Reason.UNKNOWN_COMMAND_FIELD);
        assertThat(recorder.unrecognized).isEmpty();
    }

    @Test
    void close_abortsTheDataSetBeingReceived() throws Exception {
        reader.onPdv(1, true, true, CommandCodec.encode(STORE));
        reader.onPdv(1, false, false, new byte[] {1});
        RuntimeException cause = new RuntimeException("connection reset");
        reader.close(cause);
        assertThat(recorder.sinks.get(0).aborted).isSameAs(cause);
        assertThat(recorder.sinks.get(0).ended).isFalse();
    }

    private static void assertProtocolError(ThrowingCall call, Reason reason) {
        try {
            call.run();
            throw new AssertionError("expected " + reason);
        } catch (DimseException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws DimseException;
    }
}
