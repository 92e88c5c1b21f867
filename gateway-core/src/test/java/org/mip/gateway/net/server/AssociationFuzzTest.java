package org.mip.gateway.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.codec.PduCodec;
import org.mip.gateway.net.service.DimseDispatcher;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAcceptor;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.net.ul.AssociationLimiter;
import org.mip.gateway.net.ul.PresentationPolicy;
import org.mip.gateway.net.ul.State;
import org.mip.gateway.net.ul.UpperLayerHandler;

/**
 * Seeded mutation fuzzing of the whole acceptor path (PDU decoder, upper layer, DIMSE assembly and
 * dispatch) with real captured PDU sequences (src/test/resources/pdu): 100,000 mutated byte streams,
 * each fed in random chunks to a fresh pipeline. Nothing may throw, hang or leak, and every case must
 * end cleanly once the connection closes.
 */
@Timeout(120)
class AssociationFuzzTest {
    private static final int CASES = 100_000;

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = AssociationFuzzTest.class.getResourceAsStream("/pdu/" + name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                int hash = line.indexOf('#');
                out.writeBytes(HexFormat.of().parseHex((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s+", "")));
            }
            return out.toByteArray();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void mutatedSessions_endInAbortOrNormalOutcome_withoutExceptionsOrLeaks() throws Exception {
        List<byte[]> seeds = List.of(
                concat(golden("a-associate-rq-echoscu.hex"), golden("p-data-tf-c-echo-rq-echoscu.hex"),
                        golden("a-release-rq-echoscu.hex")),
                concat(golden("a-associate-rq-storescu.hex"), golden("p-data-tf-c-store-rq-storescu.hex"),
                        golden("a-abort-echoscu.hex")),
                concat(golden("a-associate-rq-extended-negotiation.hex"), golden("p-data-tf-two-pdvs.hex"),
                        golden("a-release-rq-echoscu.hex")),
                concat(golden("a-associate-rq-storescu-user-identity.hex"), golden("p-data-tf-c-echo-rq-echoscu.hex"),
                        golden("unknown-pdu-type-08.hex")));
        ServiceRegistry registry = ServiceRegistry.builder().add(new VerificationService()).build();
        DimseDispatcher dispatcher = new DimseDispatcher(registry);
        PresentationPolicy policy = PresentationPolicy.of(Map.of(UID.Verification,
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)));
        AssociationAcceptor acceptor = new AssociationAcceptor("STORESCP", aet -> true, policy, 16384, 1);
        AssociationLimiter limiter = new AssociationLimiter(0);
        Random random = new Random(20261126L);
        // 100,000 aborts would be 100,000 INFO lines: quiet the network packages for this test only.
        ch.qos.logback.classic.Logger net = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.mip.gateway.net");
        ch.qos.logback.classic.Level level = net.getLevel();
        net.setLevel(ch.qos.logback.classic.Level.ERROR);
        try {
            run(seeds, dispatcher, acceptor, limiter, random);
        } finally {
            net.setLevel(level);
        }
    }

    private static void run(List<byte[]> seeds, DimseDispatcher dispatcher, AssociationAcceptor acceptor,
            AssociationLimiter limiter, Random random) {
        int[] outcomes = new int[State.values().length];
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            UpperLayerHandler ul = UpperLayerHandler.acceptor(acceptor,
                    a -> new ScpAssociation(a, dispatcher, Runnable::run), limiter, Duration.ofSeconds(5),
                    AssociationAudit.NONE);
            EmbeddedChannel ch = new EmbeddedChannel();
            PduCodec.install(ch.pipeline(), 16384);
            ch.pipeline().addLast(ul);
            int pos = 0;
            while (pos < input.length && ch.isOpen()) {
                int n = Math.min(input.length - pos, 1 + random.nextInt(64));
                ch.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
                pos += n;
            }
            ch.runPendingTasks();
            outcomes[ul.state().ordinal()]++;
            ch.close();
            ch.checkException();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ReferenceCountUtil.release(o);
            }
            for (Object o; (o = ch.readInbound()) != null; ) {
                ReferenceCountUtil.release(o);
            }
            assertThat(ul.terminated()).as("case %d", i).isCompleted();
            assertThat(ul.state()).as("case %d", i).isEqualTo(State.Sta1);
        }
        assertThat(limiter.active()).isZero();
        System.out.println("fuzz outcomes by state before close: " + Arrays.toString(outcomes));
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int kind = r.nextInt(6);
        switch (kind) {
            case 0 -> { // flip a few bytes
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
            case 2 -> { // set a length-like field to an extreme value
                int at = r.nextInt(b.length - 4);
                int v = r.nextBoolean() ? 0xFFFFFFFF : r.nextInt(70000);
                b[at] = (byte) (v >>> 24);
                b[at + 1] = (byte) (v >>> 16);
                b[at + 2] = (byte) (v >>> 8);
                b[at + 3] = (byte) v;
            }
            case 3 -> { // duplicate a slice
                int from = r.nextInt(b.length);
                int len = r.nextInt(Math.min(200, b.length - from) + 1);
                byte[] out = new byte[b.length + len];
                int at = r.nextInt(b.length + 1);
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, from, out, at, len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            case 4 -> { // delete a slice
                int from = r.nextInt(b.length);
                int len = r.nextInt(Math.min(100, b.length - from) + 1);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, from + len, out, from, b.length - from - len);
                b = out;
            }
            default -> { // swap the order of two PDU-sized halves
                int mid = r.nextInt(b.length);
                byte[] out = new byte[b.length];
                System.arraycopy(b, mid, out, 0, b.length - mid);
                System.arraycopy(b, 0, out, b.length - mid, mid);
                b = out;
            }
        }
        return b;
    }
}
