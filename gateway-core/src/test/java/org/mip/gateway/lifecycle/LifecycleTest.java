package org.mip.gateway.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final List<String> events = new ArrayList<>();

    private final class Fake implements GatewayService {
        private final String name;
        private final boolean failStart;
        private ServiceState state = ServiceState.NEW;
        Duration grace;

        Fake(String name, boolean failStart) {
            this.name = name;
            this.failStart = failStart;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            events.add("start " + name);
            if (failStart) {
                state = ServiceState.FAILED;
                throw new IllegalStateException(name + " port in use");
            }
            state = ServiceState.UP;
        }

        @Override
        public void stop(Duration grace) {
            this.grace = grace;
            events.add("stop " + name);
            state = ServiceState.STOPPED;
        }

        @Override
        public ServiceState state() {
            return state;
        }
    }

    @Test
    void start_inOrder_andStop_inReverseOrderOnce() throws Exception {
        Fake db = new Fake("database", false);
        Fake dicom = new Fake("dicom", false);
        Fake http = new Fake("http", false);
        Lifecycle lc = new Lifecycle(List.of(db, dicom, http));
        lc.start();
        assertThat(lc.states()).containsExactly(
                java.util.Map.entry("database", ServiceState.UP),
                java.util.Map.entry("dicom", ServiceState.UP),
                java.util.Map.entry("http", ServiceState.UP));
        lc.stop(Duration.ofSeconds(5));
        lc.stop(Duration.ofSeconds(5));
        assertThat(events).containsExactly("start database", "start dicom", "start http",
                "stop http", "stop dicom", "stop database");
        assertThat(db.grace).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void start_failure_stopsWhatHadStartedAndRethrows() {
        Fake db = new Fake("database", false);
        Fake dicom = new Fake("dicom", true);
        Fake http = new Fake("http", false);
        Lifecycle lc = new Lifecycle(List.of(db, dicom, http));
        assertThatThrownBy(lc::start).hasMessageContaining("dicom port in use");
        assertThat(events).containsExactly("start database", "start dicom", "stop database");
        assertThat(http.state()).isEqualTo(ServiceState.NEW);
    }
}
