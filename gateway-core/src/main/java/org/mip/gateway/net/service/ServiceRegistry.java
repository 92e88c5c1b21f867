package org.mip.gateway.net.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mip.gateway.net.dimse.CommandField;

/**
 * The services of one DICOM listener by SOP class and request command field; immutable once built.
 * The association layer asks {@link #sopClasses()} which abstract syntaxes to accept, the dispatcher
 * asks {@link #lookup} which service serves a request.
 */
public final class ServiceRegistry {
    private record Key(String sopClassUid, CommandField commandField) {}

    private final Map<Key, DimseService> services;
    private final Set<String> sopClasses;
    private final List<DimseService> all;

    private ServiceRegistry(Builder b) {
        this.services = Map.copyOf(b.services);
        this.sopClasses = Set.copyOf(b.sopClasses);
        this.all = List.copyOf(b.all);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<DimseService> lookup(String sopClassUid, CommandField commandField) {
        return Optional.ofNullable(services.get(new Key(sopClassUid, commandField)));
    }

    /** Whether some service serves {@code sopClassUid} (with any command). */
    public boolean supports(String sopClassUid) {
        return sopClasses.contains(sopClassUid);
    }

    public Set<String> sopClasses() {
        return sopClasses;
    }

    public List<DimseService> services() {
        return all;
    }

    public static final class Builder {
        private final Map<Key, DimseService> services = new HashMap<>();
        private final Set<String> sopClasses = new LinkedHashSet<>();
        private final List<DimseService> all = new ArrayList<>();

        private Builder() {}

        /**
         * Adds {@code service} for each of its SOP classes and commands.
         *
         * @throws IllegalArgumentException when another service already serves one of the pairs, or the
         *     service declares no SOP class or a command field that is not a request
         */
        public Builder add(DimseService service) {
            if (service.sopClasses().isEmpty() || service.commandFields().isEmpty()) {
                throw new IllegalArgumentException(service + " declares no SOP class or no command");
            }
            for (CommandField f : service.commandFields()) {
                if (!f.isRequest()) {
                    throw new IllegalArgumentException(service + " declares " + f + ", which is not a request");
                }
            }
            for (String sopClass : service.sopClasses()) {
                for (CommandField f : service.commandFields()) {
                    DimseService other = services.get(new Key(sopClass, f));
                    if (other != null) {
                        throw new IllegalArgumentException(f + " for " + sopClass + " served by both " + other
                                + " and " + service);
                    }
                }
            }
            for (String sopClass : service.sopClasses()) {
                for (CommandField f : service.commandFields()) {
                    services.put(new Key(sopClass, f), service);
                }
                sopClasses.add(sopClass);
            }
            all.add(service);
            return this;
        }

        public ServiceRegistry build() {
            return new ServiceRegistry(this);
        }
    }
}
