package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** Malformed input: only {@link DicomParseException}, quickly, without large allocations or hangs. */
class RobustnessTest {
    static final long SEED = 20261113L;
    static final String[] SEEDS = {
        "test_files/MR_small.dcm", "test_files/rtplan.dcm", "test_files/UN_sequence.dcm", "test_files/nested_priv_SQ.dcm",
        "charset_files/chrSQEncoding.dcm", "test_files/ExplVR_BigEnd.dcm", "test_files/image_dfl.dcm",
        "test_files/JPEG2000.dcm", "test_files/no_meta_group_length.dcm", "test_files/ExplVR_LitEndNoMeta.dcm",
        "test_files/reportsi.dcm", "test_files/MR_small_implicit.dcm"};

    private static Level savedLevel;

    @BeforeAll
    static void quietLogging() {
        Logger l = (Logger) LoggerFactory.getLogger("org.mip.gateway.dicom.io");
        savedLevel = l.getLevel();
        l.setLevel(Level.ERROR); // mutated files warn a lot
    }

    @AfterAll
    static void restoreLogging() {
        ((Logger) LoggerFactory.getLogger("org.mip.gateway.dicom.io")).setLevel(savedLevel);
    }

    static void parse(byte[] b, boolean knownLength) throws IOException {
        try (DicomInputStream in = DicomInputStream.open(new ByteArrayInputStream(b), knownLength ? b.length : -1,
                VrLookup.standard())) {
            in.readDataset();
        }
    }

    @Test
    void aLengthOf0x7FFFFFF0InOneKilobyteFailsFastWithoutAllocatingIt() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        bo.write(new byte[] {0x10, 0, 0x10, 0, 'P', 'N', 4, 0, 'A', '^', 'B', ' '});
        bo.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'B', 0, 0});
        bo.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFFFFF0).array());
        bo.write(new byte[1000]);
        byte[] b = bo.toByteArray();
        for (boolean known : new boolean[] {true, false}) {
            long before = StreamingTest.allocatedBytes();
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> parse(b, known))
                    .isExactlyInstanceOf(DicomParseException.class)
                    .hasMessageStartingWith("(7FE0,0010) at offset 12: "));
            assertThat(StreamingTest.allocatedBytes() - before).as("allocated, known length " + known).isLessThan(16 << 20);
        }
    }

    @Test
    void sequencesNestedBeyondTheLimitAreRefused() {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            bo.writeBytes(new byte[] {0x08, 0, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1}); // (0008,1115) SQ u/l
            bo.writeBytes(new byte[] {-2, -1, 0, -32, -1, -1, -1, -1}); // item u/l
        }
        byte[] b = bo.toByteArray();
        assertThatThrownBy(() -> parse(b, true)).isExactlyInstanceOf(DicomParseException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    @Test
    void mutatedCorpusFilesNeverHangAndOnlyThrowDicomParseException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String rel : SEEDS) {
            if (Files.exists(Corpus.path(rel))) {
                seeds.add(Files.readAllBytes(Corpus.path(rel)));
            }
        }
        seeds.add(StreamingTest.generatedFile(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, 64).readAllBytes());
        int cases = 120_000;
        int[] outcome = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Random rnd = new Random(SEED);
            for (int c = 0; c < cases; c++) {
                byte[] src = seeds.get(c % seeds.size());
                byte[] m = mutate(src, rnd);
                try {
                    parse(m, (c & 1) == 0);
                    outcome[0]++;
                } catch (DicomParseException e) {
                    outcome[1]++;
                } catch (Throwable t) {
                    fail("case " + c + " (seed " + SEED + ", file " + (c % seeds.size()) + ") threw " + t, t);
                }
            }
        });
        System.out.printf("%d mutated inputs: %d parsed, %d refused with DicomParseException%n", cases, outcome[0], outcome[1]);
        assertThat(outcome[0] + outcome[1]).isEqualTo(cases);
    }

    static byte[] mutate(byte[] src, Random rnd) {
        byte[] m = src.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> { // bit flips
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    int i = rnd.nextInt(m.length);
                    m[i] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> m = Arrays.copyOf(m, rnd.nextInt(m.length)); // truncation
            case 2, 3 -> { // a length-like field overwritten with an extreme value
                int i = 132 + rnd.nextInt(Math.max(1, m.length - 136)) & ~1;
                int[] extremes = {0xFFFFFFFF, 0x7FFFFFF0, 0xFFFFFFFE, 0x80000000, 0x0000FFFF, 1, 3, rnd.nextInt()};
                int v = extremes[rnd.nextInt(extremes.length)];
                int width = rnd.nextBoolean() ? 4 : 2;
                for (int k = 0; k < width && i + k < m.length; k++) {
                    m[i + k] = (byte) (v >>> (8 * k));
                }
            }
            case 4 -> { // random bytes inserted
                int i = rnd.nextInt(m.length);
                byte[] ins = new byte[1 + rnd.nextInt(12)];
                rnd.nextBytes(ins);
                byte[] r = new byte[m.length + ins.length];
                System.arraycopy(m, 0, r, 0, i);
                System.arraycopy(ins, 0, r, i, ins.length);
                System.arraycopy(m, i, r, i + ins.length, m.length - i);
                m = r;
            }
            default -> { // a VR code replaced
                int i = 132 + rnd.nextInt(Math.max(1, m.length - 134));
                m[i] = (byte) "AOSUQ\0 ".charAt(rnd.nextInt(7));
                if (i + 1 < m.length) {
                    m[i + 1] = (byte) "BWNLQTS".charAt(rnd.nextInt(7));
                }
            }
        }
        return m;
    }

    @Test
    void emptyAndTinyInputsAreRefusedCleanly() {
        for (int n = 0; n < 140; n++) {
            byte[] b = new byte[n];
            if (n > 131) {
                b[128] = 'D';
                b[129] = 'I';
                b[130] = 'C';
                b[131] = 'M';
            }
            try {
                parse(b, n % 2 == 0);
            } catch (DicomParseException expected) {
                // fine
            } catch (Throwable t) {
                fail(n + " bytes: " + t, t);
            }
        }
        Attributes unused = new Attributes();
        assertThat(unused.contains(Tag.PatientName)).isFalse();
        assertThat(VR.OB.longLength()).isTrue();
    }
}
