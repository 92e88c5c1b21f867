package org.mip.gateway.net.service;

import java.util.Iterator;
import org.mip.gateway.dicom.data.Attributes;

/**
 * The matches of a C-FIND, produced lazily (e.g. from a database result set) and closed by the
 * framework whatever happens: completion, C-CANCEL, failure or a lost association. {@code next()} may
 * throw {@link DimseStatusException} to end the query with that status.
 */
public interface FindCursor extends Iterator<Attributes>, AutoCloseable {

    /**
     * Whether every optional matching/return key of the identifier was supported; {@code false} makes the
     * pending responses FF01H instead of FF00H (PS3.4 C.4.1.1.4).
     */
    default boolean optionalKeysSupported() {
        return true;
    }

    @Override
    default void close() {}

    /** A cursor over matches already in memory. */
    static FindCursor of(Iterable<Attributes> matches) {
        Iterator<Attributes> it = matches.iterator();
        return new FindCursor() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Attributes next() {
                return it.next();
            }
        };
    }
}
