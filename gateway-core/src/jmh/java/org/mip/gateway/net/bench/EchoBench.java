package org.mip.gateway.net.bench;

import java.util.List;
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
 *   EchoBench assoc AET@HOST:PORT SECONDS   associations (open, echo, release) per second
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
            case "assoc" -> assoc(AeAddress.parse(args[1]), Double.parseDouble(args[2]));
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

    private static void assoc(AeAddress ae, double seconds) throws Exception {
        try (DicomClient client = new DicomClient()) {
            EchoScu scu = new EchoScu(client, ClientOptions.defaults(), "BENCH");
            for (int i = 0; i < 200; i++) {
                scu.echo(ae, 1);
            }
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                scu.echo(ae, 1);
                n++;
            }
            System.out.printf("assoc_per_s %.0f%n", n / ((System.nanoTime() - t0) / 1e9));
        }
    }
}
