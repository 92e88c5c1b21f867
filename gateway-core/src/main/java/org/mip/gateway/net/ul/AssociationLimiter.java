package org.mip.gateway.net.ul;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts concurrent associations against {@code dicom.max-associations}; shared by all listeners. */
public final class AssociationLimiter {
    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    /** @param max the limit; 0 or less means no limit */
    public AssociationLimiter(int max) {
        this.max = max;
    }

    public boolean tryAcquire() {
        while (true) {
            int n = active.get();
            if (max > 0 && n >= max) {
                return false;
            }
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        active.decrementAndGet();
    }

    public int active() {
        return active.get();
    }

    public int max() {
        return max;
    }
}
