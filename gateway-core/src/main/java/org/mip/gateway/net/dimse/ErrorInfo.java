package org.mip.gateway.net.dimse;

import java.util.List;

/**
 * The optional status-related fields of a response, PS3.7 Annex C: Error Comment (0000,0902) LO,
 * Error ID (0000,0903) US, Offending Element (0000,0901) AT 1-n, Attribute Identifier List (0000,1005)
 * AT 1-n (C.4.2, C.5.x). Tags are {@code int}s as in {@code dicom.data.Tag}.
 *
 * <p>The comment is normalised to what an LO of the default repertoire can carry (PS3.7 C.4.1 note):
 * at most 64 characters, non-ASCII, control characters and backslashes replaced.
 */
public record ErrorInfo(String errorComment, Integer errorId, List<Integer> offendingElements,
                        List<Integer> attributeIdentifierList) {

    /** No status-related fields. */
    public static final ErrorInfo NONE = new ErrorInfo(null, null, List.of(), List.of());

    static final int MAX_COMMENT_LENGTH = 64;

    public ErrorInfo {
        errorComment = normaliseComment(errorComment);
        if (errorId != null) {
            Checks.us(errorId, "Error ID");
        }
        offendingElements = offendingElements == null ? List.of() : List.copyOf(offendingElements);
        attributeIdentifierList = attributeIdentifierList == null ? List.of() : List.copyOf(attributeIdentifierList);
    }

    public static ErrorInfo comment(String errorComment) {
        return new ErrorInfo(errorComment, null, List.of(), List.of());
    }

    public static ErrorInfo of(String errorComment, Integer errorId) {
        return new ErrorInfo(errorComment, errorId, List.of(), List.of());
    }

    public boolean isEmpty() {
        return errorComment == null && errorId == null && offendingElements.isEmpty()
                && attributeIdentifierList.isEmpty();
    }

    private static String normaliseComment(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_COMMENT_LENGTH));
        for (int i = 0; i < s.length() && sb.length() < MAX_COMMENT_LENGTH; i++) {
            char c = s.charAt(i);
            sb.append(c == '\\' ? '/' : c < 0x20 || c == 0x7F ? ' ' : c > 0x7E ? '?' : c);
        }
        String t = sb.toString().strip();
        return t.isEmpty() ? null : t;
    }
}
