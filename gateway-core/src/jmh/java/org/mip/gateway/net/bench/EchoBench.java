package org.mip.gateway.net.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.EchoScu;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.server.ServerOptions;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAudit;

/**
 * C-ECHO figures for bench/echo_bench.sh; prints one "name value" line per figure.
 * <pre>
 *   EchoBench serve PORT                    our SCP (AE MIPGW) until killed
 *   EchoBench rtt AET@HOST:PORT SECONDS     echoes per second on one association
 *   EchoBench assoc AET@HOST:PORT SECONDS [THREADS]
 *                                           associations (open, echo, release) per second, THREADS
 *                                           (default 1) opening them in parallel, each sequentially
 * </pre>
 */
public final class EchoBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> {
                DicomServer server = new DicomServer(new DicomConfig("MIPGW", "127.0.0.1", Integer.parseInt(args[1]),
                        TlsConfig.OFF, List.of(), 65536, 1000),
                        ServiceRegistry.builder().add(new VerificationService()).build(), AssociationAudit.NONE,
                        ServerOptions.defaults());
                server.start();
                System.out.println("listening " + server.endpoints());
                Thread.currentThread().join();
            }
            case "rtt" -> rtt(AeAddress.parse(args[1]), Double.parseDouble(args[2]));
            case "assoc" -> assoc(AeAddress.parse(args[1]), Double.parseDouble(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : 1);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void rtt(AeAddress ae, double seconds) throws Exception {
        try (DicomClient client = new DicomClient()) {
            ScuAssociation as = client.connect(ae, "BENCH", EchoScu.contexts(), ClientOptions.defaults());
            for (int i = 0; i < 2000; i++) {
                as.echo(); // warm-up
            }
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                as.echo();
                n++;
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            as.release();
            System.out.printf("echo_per_s %.0f%n", rate);
        }
    }

    private static void assoc(AeAddress ae, double seconds, int threads) throws Exception {
        try (DicomClient client = new DicomClient(Math.max(1, Math.min(threads, 4)), AssociationAudit.NONE)) {
            EchoScu scu = new EchoScu(client, ClientOptions.defaults(), "BENCH");
            for (int i = 0; i < 200; i++) {
                scu.echo(ae, 1); // warm-up
            }
            LongAdder n = new LongAdder();
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            List<Thread> workers = new ArrayList<>();
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            scu.echo(ae, 1);
                            n.increment();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }, "assoc-" + t);
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            System.out.printf("assoc_per_s %.0f%n", n.sum() / ((System.nanoTime() - t0) / 1e9));
        }
    }
}
