package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random truncation and mutation of valid command sets: only DimseException may escape decode. */
class CommandCodecRobustnessTest {
    private static final long SEED = 0x5EED_D1_5EL;
    private static final int ROUNDS_PER_SAMPLE = 1500;

    @Test
    void decode_throwsOnlyDimseExceptionForTruncatedInput() {
        int decoded = 0;
        for (DimseMessage m : SampleMessages.all()) {
            byte[] b = CommandCodec.encode(m);
            for (int n = 0; n < b.length; n++) {
                decoded += tryDecode(Arrays.copyOf(b, n)) ? 1 : 0;
            }
        }
        assertThat(decoded).as("truncated command sets decoded").isZero();
    }

    @Test
    void decode_throwsOnlyDimseExceptionForMutatedInput() {
        Random random = new Random(SEED);
        List<DimseMessage> samples = SampleMessages.all();
        int rounds = 0;
        for (DimseMessage m : samples) {
            byte[] original = CommandCodec.encode(m);
            for (int i = 0; i < ROUNDS_PER_SAMPLE; i++) {
                tryDecode(mutate(original, random));
                rounds++;
            }
        }
        assertThat(rounds).isEqualTo(samples.size() * ROUNDS_PER_SAMPLE);
    }

    @Test
    void decode_throwsOnlyDimseExceptionForRandomBytes() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            if (b.length >= 12 && random.nextBoolean()) {
                // a valid group length header, so that the element parser gets exercised
                Arrays.fill(b, 0, 12, (byte) 0);
                b[4] = 4;
                int rest = b.length - 12;
                b[8] = (byte) rest;
            }
            tryDecode(b);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> {
                for (int k = random.nextInt(6); k >= 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                // corrupt a length field of some element, keeping the group length consistent
                int p = 12 + 4 + 2 * random.nextInt(Math.max(1, (b.length - 16) / 2));
                if (p + 4 <= b.length) {
                    b[p] = (byte) random.nextInt(256);
                    b[p + 3] = (byte) (random.nextInt(4) == 0 ? 0xFF : 0);
                }
            }
            case 3 -> {
                int from = random.nextInt(b.length);
                int to = from + random.nextInt(b.length - from + 1);
                byte[] cut = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, cut, 0, from);
                System.arraycopy(b, to, cut, from, b.length - to);
                b = cut;
                fixGroupLength(b);
            }
            default -> {
                b = Arrays.copyOf(b, b.length + 1 + random.nextInt(12));
                for (int k = original.length; k < b.length; k++) {
                    b[k] = (byte) random.nextInt(256);
                }
                fixGroupLength(b);
            }
        }
        return b;
    }

    private static void fixGroupLength(byte[] b) {
        if (b.length >= 12) {
            int n = b.length - 12;
            b[8] = (byte) n;
            b[9] = (byte) (n >>> 8);
            b[10] = 0;
            b[11] = 0;
        }
    }

    /** True when decoded; a DimseException is fine; anything else fails the test with the input. */
    private static boolean tryDecode(byte[] b) {
        try {
            CommandCodec.decode(b);
            return true;
        } catch (DimseException expected) {
            assertThat(expected.reason()).isNotNull();
            assertThat(expected.getMessage()).isNotBlank();
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decode threw " + e + " for " + java.util.HexFormat.of().formatHex(b), e);
        }
    }
}
