package org.mip.gateway.app.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.StoreScu;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.ul.AssociationRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mipgw store AET@HOST:PORT FILE|DIR...}: C-STORE SCU proposing each file's own transfer syntax. */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Send DICOM Part 10 files (folders are searched recursively) to AET@HOST:PORT with C-STORE, "
                + "each in its own transfer syntax. Shows progress on a terminal and ends with a summary per status. "
                + "Exit 0 when every file was stored with Success.")
public final class StoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "AET@HOST:PORT")
    String remote;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE|DIR")
    List<Path> files;

    @Option(names = {"-v", "--verbose"}, description = "One line per file.")
    boolean verbose;

    @Mixin
    ScuOptions scu;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AeAddress address = AeAddress.parse(remote);
        Console console = System.console();
        boolean terminal = console != null;
        StoreScu.Listener listener = new StoreScu.Listener() {
            @Override
            public void onFile(Path file, long bytes, int status, String error) {
                if (status < 0) {
                    err.println((terminal ? "\r" : "") + "FAILED  " + file + ": " + error);
                } else if (status != Status.Success) {
                    err.println((terminal ? "\r" : "") + Status.toString(status) + "  " + file);
                } else if (verbose) {
                    out.println((terminal ? "\r" : "") + "stored  " + file);
                }
            }

            @Override
            public void onProgress(StoreScu.Progress p) {
                if (terminal) {
                    out.printf("\r%d/%d files, %.1f MB, %.1f MB/s, %d failed   ", p.filesDone(), p.filesTotal(),
                            p.bytes() / 1e6, p.megabytesPerSecond(), p.failures());
                    out.flush();
                }
            }
        };
        DicomClient client = new DicomClient();
        try {
            StoreScu.Summary s = new StoreScu(client, scu.clientOptions(), scu.callingAet).store(address, files, listener);
            if (terminal) {
                out.println();
            }
            StoreScu.Progress p = s.progress();
            out.printf("%d files, %.1f MB in %.2f s (%.1f MB/s)%n", p.filesTotal(), p.bytes() / 1e6,
                    p.elapsedNanos() / 1e9, p.megabytesPerSecond());
            for (Map.Entry<String, Integer> e : s.byStatus().entrySet()) {
                out.printf("  %5d  %s%n", e.getValue(), e.getKey());
            }
            if (s.notSent() > 0) {
                out.printf("  %5d  not sent (not readable as DICOM Part 10)%n", s.notSent());
            }
            return s.allSuccessful() ? 0 : 1;
        } catch (AssociationRejectedException e) {
            err.println("mipgw store: " + address + " rejected the association: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("mipgw store: " + address + ": " + e.getMessage());
            return 1;
        } finally {
            client.close();
        }
    }
}
