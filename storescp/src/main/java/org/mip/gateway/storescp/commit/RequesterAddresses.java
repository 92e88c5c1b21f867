package org.mip.gateway.storescp.commit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mip.gateway.config.StorageConfig;
import org.mip.gateway.net.client.AeAddress;

/**
 * Where a Storage Commitment requester takes reports on a new association, by its calling AE title:
 * its {@code storage.commitment-peers} entry, else a {@code forward} destination with that AE title (a
 * PACS that asks us for commitment of what we forwarded listens there anyway).
 */
public final class RequesterAddresses implements Function<String, Optional<AeAddress>> {
    private final Map<String, AeAddress> byAeTitle;

    private RequesterAddresses(Map<String, AeAddress> byAeTitle) {
        this.byAeTitle = Map.copyOf(byAeTitle);
    }

    public static RequesterAddresses of(StorageConfig storage) {
        Map<String, AeAddress> m = new LinkedHashMap<>();
        storage.forward().forEach(f -> m.put(f.aet(), new AeAddress(f.aet(), f.host(), f.port())));
        storage.commitmentPeers().forEach(p -> m.put(p.aet(), new AeAddress(p.aet(), p.host(), p.port())));
        return new RequesterAddresses(m);
    }

    @Override
    public Optional<AeAddress> apply(String callingAeTitle) {
        return Optional.ofNullable(callingAeTitle == null ? null : byAeTitle.get(callingAeTitle.strip()));
    }
}
