package org.mip.gateway.net.client;

import java.io.IOException;
import java.util.List;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.ul.AssociationRejectedException;

/** C-ECHO SCU behind {@code mipgw echo AET@HOST:PORT}: one association, {@code repeat} echoes, release. */
public final class EchoScu {
    /** What one run did: the status of each echo and the round-trip time of the whole. */
    public record Result(List<Integer> statuses, long elapsedNanos) {
        public boolean success() {
            return !statuses.isEmpty() && statuses.stream().allMatch(s -> s == Status.Success);
        }
    }

    private final DicomClient client;
    private final ClientOptions options;
    private final String callingAet;

    public EchoScu(DicomClient client, ClientOptions options, String callingAet) {
        this.client = client;
        this.options = options;
        this.callingAet = callingAet;
    }

    /** Verification presentation context, Explicit then Implicit VR Little Endian. */
    public static List<PresentationContextRq> contexts() {
        return List.of(new PresentationContextRq(1, UID.Verification, UID.ExplicitVRLittleEndian,
                UID.ImplicitVRLittleEndian));
    }

    public Result echo(AeAddress remote, int repeat)
            throws IOException, AssociationRejectedException, InterruptedException {
        long t0 = System.nanoTime();
        ScuAssociation as = client.connect(remote, callingAet, contexts(), options);
        try {
            if (as.association().presentationContexts().isEmpty()) {
                throw new IOException(remote + " accepted no Verification presentation context");
            }
            Integer[] statuses = new Integer[repeat];
            for (int i = 0; i < repeat; i++) {
                statuses[i] = as.echo();
            }
            as.release();
            return new Result(List.of(statuses), System.nanoTime() - t0);
        } catch (IOException | RuntimeException | InterruptedException e) {
            as.abort();
            throw e;
        }
    }
}
