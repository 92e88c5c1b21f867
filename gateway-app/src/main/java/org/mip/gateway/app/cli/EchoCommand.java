package org.mip.gateway.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.EchoScu;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.ul.AssociationRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mipgw echo AET@HOST:PORT}: C-ECHO (Verification, PS3.4 A) over one association. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Open an association to AET@HOST:PORT, send C-ECHO, release. Exit 0 when every echo succeeded.")
public final class EchoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "AET@HOST:PORT")
    String remote;

    @Option(names = {"-r", "--repeat"}, defaultValue = "1", description = "Echoes on the association (default 1).")
    int repeat;

    @Mixin
    ScuOptions scu;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AeAddress address = AeAddress.parse(remote);
        DicomClient client = new DicomClient();
        try {
            EchoScu.Result r = new EchoScu(client, scu.clientOptions(), scu.callingAet).echo(address, Math.max(1, repeat));
            for (int s : r.statuses()) {
                out.println("C-ECHO " + address + ": " + Status.toString(s));
            }
            out.printf("%d echo(es) in %.1f ms%n", r.statuses().size(), r.elapsedNanos() / 1e6);
            return r.success() ? 0 : 1;
        } catch (AssociationRejectedException e) {
            err.println("mipgw echo: " + address + " rejected the association: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("mipgw echo: " + address + ": " + e.getMessage());
            return 1;
        } finally {
            client.close();
        }
    }
}
