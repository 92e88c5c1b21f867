package org.mip.gateway.lifecycle;

/** Life of a {@link GatewayService}; only {@link #UP} counts as healthy. */
public enum ServiceState {
    NEW, STARTING, UP, DOWN, STOPPING, STOPPED, FAILED;

    public boolean healthy() {
        return this == UP;
    }
}
