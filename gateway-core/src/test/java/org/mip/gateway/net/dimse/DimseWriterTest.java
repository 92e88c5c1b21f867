package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.UID;

class DimseWriterTest {

    record Fragment(int pcid, boolean command, boolean last, byte[] data) {}

    private final List<Fragment> fragments = new ArrayList<>();
    private final DimseWriter.FragmentConsumer collect = (pcid, command, last, buf) -> {
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        buf.release();
        fragments.add(new Fragment(pcid, command, last, b));
    };

    private static final CStoreRq STORE = new CStoreRq(1, UID.CTImageStorage, "1.2.3.4", Priority.MEDIUM);

    @Test
    void write_keepsEveryFragmentWithinMaxPduLengthMinusSix() throws Exception {
        byte[] dataSet = randomBytes(1000);
        new DimseWriter(70).write(1, STORE, dataSet, collect);
        assertThat(fragments).allSatisfy(f -> assertThat(f.data.length).isLessThanOrEqualTo(64));
        assertThat(fragments).filteredOn(f -> f.command).hasSize(2); // 102 command bytes: 64 + 38
        assertThat(concat(fragments, true)).isEqualTo(CommandCodec.encode(STORE));
        assertThat(concat(fragments, false)).isEqualTo(dataSet);
    }

    @Test
    void write_setsTheLastBitOnTheFinalFragmentOfCommandAndOfDataSet() throws Exception {
        new DimseWriter(70).write(3, STORE, randomBytes(200), collect);
        List<Boolean> commandLast = fragments.stream().filter(f -> f.command).map(f -> f.last).toList();
        List<Boolean> dataLast = fragments.stream().filter(f -> !f.command).map(f -> f.last).toList();
        assertThat(commandLast).containsExactly(false, true);
        assertThat(dataLast).containsExactly(false, false, false, true);
        assertThat(fragments).allSatisfy(f -> assertThat(f.pcid).isEqualTo(3));
        assertThat(fragments.get(0).command).isTrue();
        assertThat(fragments.get(fragments.size() - 1).command).isFalse();
    }

    @Test
    void write_sendsOneFragmentEachWhenUnlimited() throws Exception {
        byte[] dataSet = randomBytes(100_000);
        new DimseWriter(0).write(1, STORE, dataSet, collect);
        assertThat(fragments).hasSize(2);
        assertThat(fragments.get(1).data).isEqualTo(dataSet);
        assertThat(fragments).allSatisfy(f -> assertThat(f.last).isTrue());
    }

    @Test
    void write_fillsFragmentsExactlyToTheLimit() throws Exception {
        new DimseWriter(16384).writeDataSet(1, randomBytes(16378 * 2), collect);
        assertThat(fragments).extracting(f -> f.data.length).containsExactly(16378, 16378);
        assertThat(fragments).extracting(f -> f.last).containsExactly(false, true);
    }

    @Test
    void writeDataSet_streamsAnInputStreamInBoundedFragments() throws Exception {
        byte[] dataSet = randomBytes(5000);
        long n = new DimseWriter(1006).writeDataSet(1, new ByteArrayInputStream(dataSet), collect);
        assertThat(n).isEqualTo(5000);
        assertThat(fragments).extracting(f -> f.data.length).containsExactly(1000, 1000, 1000, 1000, 1000);
        assertThat(fragments).extracting(f -> f.last).containsExactly(false, false, false, false, true);
        assertThat(concat(fragments, false)).isEqualTo(dataSet);
    }

    @Test
    void writeDataSet_sendsOneEmptyLastFragmentForAnEmptyStream() throws Exception {
        new DimseWriter(100).writeDataSet(1, new ByteArrayInputStream(new byte[0]), collect);
        assertThat(fragments).hasSize(1);
        assertThat(fragments.get(0).last).isTrue();
        assertThat(fragments.get(0).data).isEmpty();
    }

    @Test
    void writeDataSet_releasesTheBufferItWasGiven() throws Exception {
        ByteBuf buf = Unpooled.buffer().writeBytes(randomBytes(300));
        new DimseWriter(106).writeDataSet(1, buf, collect);
        assertThat(buf.refCnt()).isZero();
        assertThat(fragments).hasSize(3);
    }

    @Test
    void write_refusesAMessageWithoutTheDataSetItAnnounces() {
        assertThatThrownBy(() -> new DimseWriter(0).write(1, STORE, null, collect))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DimseWriter(0).write(1, new CEchoRq(1, UID.Verification), new byte[2], collect))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_refusesMaxLengthWithoutRoomForData() {
        assertThatThrownBy(() -> new DimseWriter(6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DimseWriter(7).maxFragmentLength()).isEqualTo(1);
        assertThat(new DimseWriter(0xFFFFFFFFL).maxFragmentLength()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void writerAndReader_roundTripEveryMessageAtSmallPduSizes() throws Exception {
        for (DimseMessage m : SampleMessages.all()) {
            for (int max : new int[] {7, 20, 128, 0}) {
                fragments.clear();
                byte[] dataSet = m.hasDataSet() ? randomBytes(333) : null;
                new DimseWriter(max).write(9, m, dataSet, collect);
                DimseReaderTest.Recorder recorder = new DimseReaderTest.Recorder();
                DimseReader reader = new DimseReader(recorder);
                for (Fragment f : fragments) {
                    reader.onPdv(f.pcid, f.command, f.last, f.data);
                }
                assertThat(recorder.commands).containsExactly(m);
                if (dataSet != null) {
                    assertThat(recorder.sinks.get(0).bytes.toByteArray()).isEqualTo(dataSet);
                    assertThat(recorder.sinks.get(0).ended).isTrue();
                }
                assertThat(reader.isIdle()).isTrue();
            }
        }
    }

    private static byte[] concat(List<Fragment> fragments, boolean command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fragments.stream().filter(f -> f.command == command).forEach(f -> out.writeBytes(f.data));
        return out.toByteArray();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
