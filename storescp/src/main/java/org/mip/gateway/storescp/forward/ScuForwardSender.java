package org.mip.gateway.storescp.forward;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.StoreScu;
import org.mip.gateway.net.dimse.Status;

/** {@link ForwardSender} with the gateway's own C-STORE SCU ({@link StoreScu}): each file in its own transfer syntax. */
public final class ScuForwardSender implements ForwardSender {
    private final DicomClient client;
    private final ClientOptions options;
    private final String callingAet;

    public ScuForwardSender(DicomClient client, ClientOptions options, String callingAet) {
        this.client = Objects.requireNonNull(client);
        this.options = Objects.requireNonNull(options);
        this.callingAet = Objects.requireNonNull(callingAet);
    }

    @Override
    public Map<Path, Outcome> send(ForwardDestination destination, List<Path> files) throws Exception {
        Map<Path, Outcome> out = new HashMap<>();
        StoreScu scu = new StoreScu(client, options, callingAet);
        scu.store(new AeAddress(destination.aet(), destination.host(), destination.port()), files,
                new StoreScu.Listener() {
                    @Override
                    public void onFile(Path file, long bytes, int status, String error) {
                        boolean failed = status < 0 || Status.category(status) == Status.Category.FAILURE;
                        out.put(file, new Outcome(status, failed
                                ? (status < 0 ? "" : Status.toString(status) + " ") + (error == null ? "" : error)
                                : null));
                    }

                    @Override
                    public void onProgress(StoreScu.Progress progress) {}
                });
        return out;
    }
}
