package org.mip.gateway.net.pdu;

/**
 * A-ABORT PDU (type 07H, PS3.8 9.3.8 Table 9-26): PDU length 4; bytes 7-8 reserved, byte 9 source,
 * byte 10 reason/diagnostic. The reason is significant only when the source is the service-provider;
 * a service-user abort sends 00H.
 *
 * <p>The components are the raw bytes; {@link #source()} and {@link #reason()} give their meaning.
 */
public record AAbort(int sourceCode, int reasonCode) implements Pdu {

    /** Source values, Table 9-26 byte 9. */
    public enum Source {
        /** DICOM UL service-user (initiated abort). */
        SERVICE_USER(0),
        /** Reserved (value 1). */
        RESERVED_1(1),
        /** DICOM UL service-provider (initiated abort). */
        SERVICE_PROVIDER(2),
        /** Any other value. */
        RESERVED(-1);

        private final int code;

        Source(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Source of(int code) {
            return code >= 0 && code <= 2 ? values()[code] : RESERVED;
        }
    }

    /** Reason/diagnostic values when the source is the service-provider, Table 9-26 byte 10. */
    public enum Reason {
        REASON_NOT_SPECIFIED(0),
        UNRECOGNIZED_PDU(1),
        UNEXPECTED_PDU(2),
        UNRECOGNIZED_PDU_PARAMETER(4),
        UNEXPECTED_PDU_PARAMETER(5),
        INVALID_PDU_PARAMETER_VALUE(6),
        /** 3, or any value above 6. */
        RESERVED(-1);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Reason of(int code) {
            return switch (code) {
                case 0 -> REASON_NOT_SPECIFIED;
                case 1 -> UNRECOGNIZED_PDU;
                case 2 -> UNEXPECTED_PDU;
                case 4 -> UNRECOGNIZED_PDU_PARAMETER;
                case 5 -> UNEXPECTED_PDU_PARAMETER;
                case 6 -> INVALID_PDU_PARAMETER_VALUE;
                default -> RESERVED;
            };
        }
    }

    public AAbort {
        if ((sourceCode | reasonCode) >>> 8 != 0) {
            throw new IllegalArgumentException("source and reason are bytes");
        }
    }

    /** An abort by the service-user (source 0, reason 00H). */
    public static AAbort serviceUser() {
        return new AAbort(0, 0);
    }

    /** An abort by the service-provider with a reason. */
    public static AAbort serviceProvider(Reason reason) {
        if (reason == Reason.RESERVED) {
            throw new IllegalArgumentException("reserved reason cannot be sent");
        }
        return new AAbort(Source.SERVICE_PROVIDER.code(), reason.code());
    }

    public Source source() {
        return Source.of(sourceCode);
    }

    public Reason reason() {
        return Reason.of(reasonCode);
    }

    @Override
    public int pduType() {
        return A_ABORT;
    }
}
