package org.mip.gateway.dicom.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Encapsulated pixel data (PS3.5 A.4): the items of an undefined-length OB (rarely OW) element. Item 0
 * is the Basic Offset Table (possibly empty), the others are fragments. Each item is a {@code byte[]} or,
 * for fragments left in the source file, a {@link BulkData}.
 */
public final class Fragments extends AbstractList<Object> implements RandomAccess {
    private final int tag;
    private final VR vr;
    private final ArrayList<Object> items;

    public Fragments(int tag, VR vr, int capacity) {
        this.tag = tag;
        this.vr = Objects.requireNonNull(vr, "vr");
        this.items = new ArrayList<>(Math.max(capacity, 0));
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** The item at {@code index} if it is held in memory, else {@code null}. */
    public byte[] getBytes(int index) {
        return items.get(index) instanceof byte[] b ? b : null;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean add(Object item) {
        items.add(check(item));
        modCount++;
        return true;
    }

    @Override
    public void add(int index, Object item) {
        items.add(index, check(item));
        modCount++;
    }

    @Override
    public Object set(int index, Object item) {
        return items.set(index, check(item));
    }

    @Override
    public Object remove(int index) {
        modCount++;
        return items.remove(index);
    }

    private static Object check(Object item) {
        if (item == null) {
            return new byte[0];
        }
        if (!(item instanceof byte[]) && !(item instanceof BulkData)) {
            throw new IllegalArgumentException("fragment must be byte[] or BulkData: " + item.getClass());
        }
        return item;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Fragments f) || f.tag != tag || f.vr != vr || f.size() != size()) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!Values.equalValue(items.get(i), f.items.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = tag * 31 + vr.hashCode();
        for (Object item : items) {
            h = h * 31 + Values.hashValue(item);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Fragments" + Tag.toString(tag) + "[" + items.size() + " items]";
    }
}
