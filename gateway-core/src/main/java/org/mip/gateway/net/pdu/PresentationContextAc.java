package org.mip.gateway.net.pdu;

/**
 * Presentation Context Item of an A-ASSOCIATE-AC (item type 21H, PS3.8 9.3.3.2 Table 9-18): item
 * byte 5 the presentation context ID, byte 7 the result/reason, then one Transfer Syntax Sub-Item
 * (40H, Table 9-19).
 *
 * <p>{@code resultCode} is the raw byte so that reserved values survive a decode/encode round trip;
 * {@link #result()} is its meaning. {@code transferSyntax} is {@code null} when the Transfer Syntax
 * Sub-Item is absent, which the decoder accepts only for a rejected context (its value "shall not be
 * significant" then).
 */
public record PresentationContextAc(int id, int resultCode, String transferSyntax) {
    /** Item type of the Presentation Context Item in an A-ASSOCIATE-AC. */
    public static final int ITEM_TYPE = 0x21;

    /** Result/Reason values, PS3.8 9.3.3.2 Table 9-18 item byte 7. */
    public enum Result {
        ACCEPTANCE(0),
        USER_REJECTION(1),
        /** No reason (provider rejection). */
        NO_REASON(2),
        /** Abstract syntax not supported (provider rejection). */
        ABSTRACT_SYNTAX_NOT_SUPPORTED(3),
        /** Transfer syntaxes not supported (provider rejection). */
        TRANSFER_SYNTAXES_NOT_SUPPORTED(4),
        /** Any other value: reserved. */
        RESERVED(-1);

        private final int code;

        Result(int code) {
            this.code = code;
        }

        /** The wire value; -1 for {@link #RESERVED}. */
        public int code() {
            return code;
        }

        public static Result of(int code) {
            return code >= 0 && code <= 4 ? values()[code] : RESERVED;
        }
    }

    public PresentationContextAc {
        if (id < 0 || id > 0xFF) {
            throw new IllegalArgumentException("presentation context ID not in 0..255: " + id);
        }
        if (resultCode < 0 || resultCode > 0xFF) {
            throw new IllegalArgumentException("result not in 0..255: " + resultCode);
        }
        if (resultCode == 0 && transferSyntax == null) {
            throw new IllegalArgumentException("an accepted presentation context needs a transfer syntax");
        }
    }

    /** An accepted context with the chosen transfer syntax. */
    public static PresentationContextAc accepted(int id, String transferSyntax) {
        return new PresentationContextAc(id, 0, transferSyntax);
    }

    /**
     * A rejected context. The Transfer Syntax Sub-Item is sent anyway (with {@code transferSyntax},
     * conventionally the first one proposed), as DCMTK does, since some peers expect it.
     */
    public static PresentationContextAc rejected(int id, Result result, String transferSyntax) {
        if (result == Result.ACCEPTANCE || result == Result.RESERVED) {
            throw new IllegalArgumentException("not a rejection: " + result);
        }
        return new PresentationContextAc(id, result.code(), transferSyntax);
    }

    public Result result() {
        return Result.of(resultCode);
    }

    public boolean isAccepted() {
        return resultCode == 0;
    }
}
