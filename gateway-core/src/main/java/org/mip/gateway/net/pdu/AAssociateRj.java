package org.mip.gateway.net.pdu;

/**
 * A-ASSOCIATE-RJ PDU (type 03H, PS3.8 9.3.4 Table 9-21): PDU length 4; byte 7 reserved, byte 8 result,
 * byte 9 source, byte 10 reason/diagnostic.
 *
 * <p>The components are the raw bytes, so that reserved values survive decoding; {@link #result()},
 * {@link #source()} and {@link #reason()} give their meaning (the reason's meaning depends on the
 * source). Build rejections with {@link #of(Result, Reason)}.
 */
public record AAssociateRj(int resultCode, int sourceCode, int reasonCode) implements Pdu {

    /** Result values, Table 9-21 byte 8. */
    public enum Result {
        REJECTED_PERMANENT(1),
        REJECTED_TRANSIENT(2),
        /** Any other value. */
        RESERVED(-1);

        private final int code;

        Result(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Result of(int code) {
            return switch (code) {
                case 1 -> REJECTED_PERMANENT;
                case 2 -> REJECTED_TRANSIENT;
                default -> RESERVED;
            };
        }
    }

    /** Source values, Table 9-21 byte 9. */
    public enum Source {
        /** DICOM UL service-user. */
        SERVICE_USER(1),
        /** DICOM UL service-provider (ACSE related function). */
        SERVICE_PROVIDER_ACSE(2),
        /** DICOM UL service-provider (Presentation related function). */
        SERVICE_PROVIDER_PRESENTATION(3),
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
            return switch (code) {
                case 1 -> SERVICE_USER;
                case 2 -> SERVICE_PROVIDER_ACSE;
                case 3 -> SERVICE_PROVIDER_PRESENTATION;
                default -> RESERVED;
            };
        }
    }

    /** Reason/diagnostic values by source, Table 9-21 byte 10. */
    public enum Reason {
        USER_NO_REASON_GIVEN(Source.SERVICE_USER, 1),
        APPLICATION_CONTEXT_NAME_NOT_SUPPORTED(Source.SERVICE_USER, 2),
        CALLING_AE_TITLE_NOT_RECOGNIZED(Source.SERVICE_USER, 3),
        CALLED_AE_TITLE_NOT_RECOGNIZED(Source.SERVICE_USER, 7),
        ACSE_NO_REASON_GIVEN(Source.SERVICE_PROVIDER_ACSE, 1),
        PROTOCOL_VERSION_NOT_SUPPORTED(Source.SERVICE_PROVIDER_ACSE, 2),
        TEMPORARY_CONGESTION(Source.SERVICE_PROVIDER_PRESENTATION, 1),
        LOCAL_LIMIT_EXCEEDED(Source.SERVICE_PROVIDER_PRESENTATION, 2),
        /** A value reserved for its source, or a reserved source. */
        RESERVED(Source.RESERVED, -1);

        private final Source source;
        private final int code;

        Reason(Source source, int code) {
            this.source = source;
            this.code = code;
        }

        /** The source this reason belongs to. */
        public Source source() {
            return source;
        }

        public int code() {
            return code;
        }

        public static Reason of(int sourceCode, int reasonCode) {
            for (Reason r : values()) {
                if (r.source.code == sourceCode && r.code == reasonCode) {
                    return r;
                }
            }
            return RESERVED;
        }
    }

    public AAssociateRj {
        if ((resultCode | sourceCode | reasonCode) >>> 8 != 0) {
            throw new IllegalArgumentException("result, source and reason are bytes");
        }
    }

    /** A rejection; the source is the one the reason belongs to. */
    public static AAssociateRj of(Result result, Reason reason) {
        if (result == Result.RESERVED || reason == Reason.RESERVED) {
            throw new IllegalArgumentException("reserved values cannot be sent");
        }
        return new AAssociateRj(result.code(), reason.source().code(), reason.code());
    }

    public Result result() {
        return Result.of(resultCode);
    }

    public Source source() {
        return Source.of(sourceCode);
    }

    public Reason reason() {
        return Reason.of(sourceCode, reasonCode);
    }

    @Override
    public int pduType() {
        return A_ASSOCIATE_RJ;
    }
}
