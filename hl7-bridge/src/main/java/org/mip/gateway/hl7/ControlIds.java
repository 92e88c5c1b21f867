package org.mip.gateway.hl7;

import ca.uhn.hl7v2.util.idgenerator.IDGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/**
 * Message control IDs (MSH-10, ST of at most 20 characters in HL7 v2.3-2.5.1): the time in base 36
 * followed by random base-36 digits, unique across restarts and gateway nodes without coordination.
 * Replaces HAPI's default generator, which writes a counter file into the working directory.
 */
public final class ControlIds implements IDGenerator {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private final Clock clock;
    private final Random random;

    public ControlIds(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public ControlIds() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** 20 characters: 9 of milliseconds (base 36, good until the year 5188) and 11 random (56 bits). */
    public String next() {
        StringBuilder sb = new StringBuilder(20);
        String time = Long.toString(clock.millis(), 36).toUpperCase(java.util.Locale.ROOT);
        sb.append("0".repeat(Math.max(0, 9 - time.length()))).append(time);
        synchronized (random) {
            while (sb.length() < 20) {
                sb.append(DIGITS.charAt(random.nextInt(DIGITS.length())));
            }
        }
        return sb.toString();
    }

    @Override
    public String getID() {
        return next();
    }
}
