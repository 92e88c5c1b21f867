package org.mip.gateway.net.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.CommandField;

class ServiceRegistryTest {

    static DimseService service(String name, Set<String> sopClasses, CommandField... fields) {
        return new DimseService() {
            @Override
            public Set<String> sopClasses() {
                return sopClasses;
            }

            @Override
            public Set<CommandField> commandFields() {
                return EnumSet.copyOf(Set.of(fields));
            }

            @Override
            public void onRequest(ServiceRequest request, DimseResponder responder) {}

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void lookup_findsTheServiceBySopClassAndCommand() {
        DimseService mpps = service("mpps", Set.of(UID.ModalityPerformedProcedureStep),
                CommandField.N_CREATE_RQ, CommandField.N_SET_RQ);
        VerificationService echo = new VerificationService();
        ServiceRegistry registry = ServiceRegistry.builder().add(echo).add(mpps).build();
        assertThat(registry.lookup(UID.Verification, CommandField.C_ECHO_RQ)).containsSame(echo);
        assertThat(registry.lookup(UID.ModalityPerformedProcedureStep, CommandField.N_SET_RQ)).containsSame(mpps);
        assertThat(registry.lookup(UID.ModalityPerformedProcedureStep, CommandField.N_GET_RQ)).isEmpty();
        assertThat(registry.lookup(UID.CTImageStorage, CommandField.C_STORE_RQ)).isEmpty();
        assertThat(registry.supports(UID.ModalityPerformedProcedureStep)).isTrue();
        assertThat(registry.sopClasses()).containsExactlyInAnyOrder(UID.Verification, UID.ModalityPerformedProcedureStep);
    }

    @Test
    void add_rejectsTwoServicesForTheSameSopClassAndCommand() {
        ServiceRegistry.Builder b = ServiceRegistry.builder()
                .add(service("a", Set.of("1.2.3"), CommandField.C_FIND_RQ));
        assertThatThrownBy(() -> b.add(service("b", Set.of("1.2.4", "1.2.3"), CommandField.C_FIND_RQ)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2.3");
        // the failed add left nothing behind
        assertThat(b.build().supports("1.2.4")).isFalse();
    }

    @Test
    void add_allowsDifferentCommandsOfOneSopClassInDifferentServices() {
        ServiceRegistry r = ServiceRegistry.builder()
                .add(service("create", Set.of("1.2.3"), CommandField.N_CREATE_RQ))
                .add(service("set", Set.of("1.2.3"), CommandField.N_SET_RQ))
                .build();
        assertThat(r.lookup("1.2.3", CommandField.N_SET_RQ)).get().hasToString("set");
    }

    @Test
    void add_rejectsResponsesAndEmptyDeclarations() {
        assertThatThrownBy(() -> ServiceRegistry.builder().add(service("x", Set.of("1.2"), CommandField.C_FIND_RSP)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceRegistry.builder().add(service("x", Set.of("1.2"), CommandField.C_CANCEL_RQ)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceRegistry.builder().add(service("x", Set.of(), CommandField.C_FIND_RQ)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_givesAnImmutableSnapshot() {
        ServiceRegistry.Builder b = ServiceRegistry.builder().add(new VerificationService());
        ServiceRegistry r = b.build();
        b.add(service("later", Set.of("1.9"), CommandField.C_FIND_RQ));
        assertThat(r.supports("1.9")).isFalse();
        assertThatThrownBy(() -> r.sopClasses().add("1.8")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void activeRequests_routeCancelAndDetectDuplicateMessageIds() {
        ActiveRequests active = new ActiveRequests();
        CancelToken token = active.start(7);
        assertThat(active.start(7)).isNull();
        assertThat(active.cancel(8)).isFalse();
        assertThat(active.cancel(7)).isTrue();
        assertThat(token.isCancelled()).isTrue();
        active.finish(7);
        assertThat(active.cancel(7)).isFalse();
        assertThat(active.start(7)).isNotNull();
    }
}
