package org.mip.gateway.dicom.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The value of an SQ element: a list of items (PS3.5 7.5). Adding an item makes the sequence's
 * data set the item's {@linkplain Attributes#parent() parent}, so it inherits the Specific Character Set.
 */
public final class Sequence extends AbstractList<Attributes> implements RandomAccess {
    private final Attributes parent;
    private final int tag;
    private final ArrayList<Attributes> items;
    private boolean undefinedLength;

    Sequence(Attributes parent, int tag, int capacity) {
        this.parent = parent;
        this.tag = tag;
        this.items = new ArrayList<>(Math.max(capacity, 0));
    }

    /** The data set holding this sequence. */
    public Attributes parent() {
        return parent;
    }

    public int tag() {
        return tag;
    }

    /** Whether the sequence was read (or should be written) with undefined length, PS3.5 7.5.2. */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public Sequence setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
        return this;
    }

    /** Appends a new empty item and returns it. */
    public Attributes addItem() {
        Attributes item = new Attributes();
        add(item);
        return item;
    }

    @Override
    public Attributes get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public boolean add(Attributes item) {
        items.add(adopt(item));
        modCount++;
        return true;
    }

    @Override
    public void add(int index, Attributes item) {
        items.add(index, adopt(item));
        modCount++;
    }

    @Override
    public Attributes set(int index, Attributes item) {
        Attributes old = items.set(index, adopt(item));
        old.setParent(null);
        return old;
    }

    @Override
    public Attributes remove(int index) {
        Attributes old = items.remove(index);
        old.setParent(null);
        modCount++;
        return old;
    }

    @Override
    public void clear() {
        for (Attributes item : items) {
            item.setParent(null);
        }
        items.clear();
        modCount++;
    }

    private Attributes adopt(Attributes item) {
        Objects.requireNonNull(item, "item");
        if (item.parent() != null && item.parent() != parent) {
            throw new IllegalArgumentException("item already belongs to another data set");
        }
        item.setParent(parent);
        return item;
    }

    @Override
    public String toString() {
        return "Sequence" + Tag.toString(tag) + "[" + items.size() + " items]";
    }
}
