package org.mip.gateway.config;

import java.util.List;
import java.util.Optional;

/** {@code mwl.stations}: which Scheduled Station AE Title an order for each modality gets. */
public record MwlConfig(List<Station> stations) {
    public MwlConfig {
        stations = List.copyOf(stations);
    }

    public record Station(String aet, String modality, String name) {}

    public Optional<Station> stationFor(String modality) {
        return stations.stream().filter(s -> s.modality().equals(modality)).findFirst();
    }
}
