package org.mip.gateway.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Fragments;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.dict.ElementDictionary;

/** Seeded random data sets survive write→read in every transfer syntax family. */
class GeneratedDatasetRoundTripTest {
    static final long SEED = 42L;
    static final List<Integer> STANDARD = new ArrayList<>();
    static final List<Integer> SEQUENCES = new ArrayList<>();

    static {
        ElementDictionary d = ElementDictionary.standard();
        for (int g : new int[] {0x0008, 0x0010, 0x0018, 0x0020, 0x0028, 0x0040, 0x0054}) {
            for (int e = 1; e < 0xA000; e++) {
                int t = Tag.of(g, e);
                if (d.contains(t) && d.vrsOf(t).size() == 1) {
                    (d.vrOf(t) == VR.SQ ? SEQUENCES : STANDARD).add(t);
                }
            }
        }
    }

    @Test
    void randomDatasetsSurviveWriteAndReadInEverySyntax() throws IOException {
        Random rnd = new Random(SEED);
        List<TransferSyntax> syntaxes = new ArrayList<>(TranscodingTest.UNCOMPRESSED);
        syntaxes.add(TransferSyntax.JPEG_BASELINE_8BIT);
        syntaxes.add(TransferSyntax.of("1.2.3.999.42")); // unknown: explicit LE, encapsulated
        for (int n = 0; n < 300; n++) {
            Attributes ds = new Attributes();
            fill(ds, rnd, 0);
            for (TransferSyntax ts : syntaxes) {
                Attributes in = ds;
                if (ts.encapsulated()) {
                    in = new Attributes(ds);
                    Fragments f = in.newFragments(Tag.PixelData, VR.OB, 3);
                    f.add(new byte[0]);
                    f.add(randomBytes(rnd, 2 + 2 * rnd.nextInt(500)));
                    f.add(randomBytes(rnd, 2 + 2 * rnd.nextInt(500)));
                }
                ByteArrayOutputStream bo = new ByteArrayOutputStream();
                try (DicomOutputStream out = new DicomOutputStream(bo, ts)) {
                    out.writeDataset(in);
                }
                Attributes back;
                try (DicomInputStream din = DicomInputStream.ofDataset(new ByteArrayInputStream(bo.toByteArray()), ts)) {
                    back = din.readDataset();
                }
                assertThat(DatasetDiff.of(in, back, !ts.explicitVr())).as("data set %d in %s", n, ts).isEmpty();
            }
        }
    }

    static void fill(Attributes ds, Random rnd, int depth) {
        int count = 1 + rnd.nextInt(depth == 0 ? 25 : 6);
        for (int i = 0; i < count; i++) {
            int kind = rnd.nextInt(10);
            if (kind < 6) {
                int t = STANDARD.get(rnd.nextInt(STANDARD.size()));
                VR vr = ElementDictionary.standard().vrOf(t);
                ds.setBytes(t, vr, value(vr, rnd));
            } else if (kind < 8 && depth < 4) {
                Sequence sq = ds.newSequence(SEQUENCES.get(rnd.nextInt(SEQUENCES.size())), 2);
                sq.setUndefinedLength(rnd.nextBoolean());
                for (int k = rnd.nextInt(3); k > 0; k--) {
                    Attributes item = sq.addItem();
                    item.setUndefinedLength(rnd.nextBoolean());
                    fill(item, rnd, depth + 1);
                }
            } else {
                int t = Tag.of(0x0009 + 2 * rnd.nextInt(4), 0x1000 + rnd.nextInt(0x100));
                VR[] vrs = {VR.LO, VR.US, VR.UL, VR.FD, VR.OB, VR.OW, VR.SL, VR.AT, VR.UN};
                VR vr = vrs[rnd.nextInt(vrs.length)];
                ds.setBytes(t, vr, value(vr, rnd));
            }
        }
    }

    static byte[] value(VR vr, Random rnd) {
        int unit = switch (vr) {
            case US, SS, OW -> 2;
            case UL, SL, FL, OF, OL, AT -> 4;
            case FD, OD, SV, UV, OV -> 8;
            default -> 0;
        };
        if (unit > 0) {
            return randomBytes(rnd, unit * rnd.nextInt(vr.kind() == VR.Kind.BULK ? 300 : 4));
        }
        if (vr.kind() == VR.Kind.BULK) {
            return randomBytes(rnd, 2 * rnd.nextInt(200));
        }
        int len = rnd.nextInt(vr.longLength() ? 300 : 16);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append((char) (vr == VR.UI ? '0' + rnd.nextInt(10) : 'A' + rnd.nextInt(26)));
        }
        if (sb.length() % 2 == 1) {
            sb.append(vr == VR.UI ? '\0' : ' ');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
