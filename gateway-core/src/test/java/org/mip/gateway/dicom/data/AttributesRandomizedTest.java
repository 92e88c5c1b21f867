package org.mip.gateway.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded randomized invariants of {@link Attributes}; a failure message names the seed to replay. */
class AttributesRandomizedTest {
    private static final long SEED = 20240601L;
    private static final int RUNS = 300;

    @Test
    void insertionOrder_doesNotChangeContent() {
        for (int run = 0; run < RUNS; run++) {
            RandomDatasets gen = new RandomDatasets(SEED + run);
            Attributes ds = gen.dataset(30);
            Attributes shuffled = copyShuffled(ds, gen.random());
            assertThat(shuffled).as("seed %d", SEED + run).isEqualTo(ds);
            assertThat(shuffled.hashCode()).as("seed %d", SEED + run).isEqualTo(ds.hashCode());
            assertSorted(shuffled);
        }
    }

    @Test
    void copyConstructor_isEqualAndIndependent() {
        for (int run = 0; run < RUNS; run++) {
            RandomDatasets gen = new RandomDatasets(SEED + run);
            Attributes ds = gen.dataset(30);
            Attributes copy = new Attributes(ds);
            assertThat(copy).as("seed %d", SEED + run).isEqualTo(ds);
            if (copy.size() > 0) {
                copy.remove(copy.tagAt(gen.random().nextInt(copy.size())));
                assertThat(copy).as("seed %d", SEED + run).isNotEqualTo(ds);
            }
        }
    }

    @Test
    void removingEveryElement_inAnyOrder_leavesAnEmptyDataSet() {
        for (int run = 0; run < RUNS; run++) {
            RandomDatasets gen = new RandomDatasets(SEED + run);
            Attributes ds = gen.dataset(30);
            List<Integer> tags = new ArrayList<>();
            for (int i = 0; i < ds.size(); i++) {
                tags.add(ds.tagAt(i));
            }
            Collections.shuffle(tags, gen.random());
            for (int tag : tags) {
                assertThat(ds.contains(tag)).isTrue();
                ds.remove(tag);
                assertThat(ds.contains(tag)).isFalse();
                assertSorted(ds);
            }
            assertThat(ds.size()).isZero();
            assertThat(ds).isEqualTo(new Attributes());
        }
    }

    @Test
    void nestedItems_knowTheirParentAndInheritTheCharacterSet() {
        for (int run = 0; run < RUNS; run++) {
            Attributes ds = new RandomDatasets(SEED + run).dataset(30);
            checkParents(ds);
        }
    }

    @Test
    void toString_neverFailsAndStaysShort() {
        for (int run = 0; run < RUNS; run++) {
            assertThat(new RandomDatasets(SEED + run).dataset(30).toString()).hasSizeLessThan(500);
        }
    }

    private static void checkParents(Attributes ds) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.valueAt(i) instanceof Sequence sq) {
                assertThat(sq.parent()).isSameAs(ds);
                for (Attributes item : sq) {
                    assertThat(item.parent()).isSameAs(ds);
                    if (!item.contains(Tag.SpecificCharacterSet)) {
                        assertThat(item.charset()).isEqualTo(ds.charset());
                    }
                    checkParents(item);
                }
            }
        }
    }

    static void assertSorted(Attributes ds) {
        for (int i = 1; i < ds.size(); i++) {
            assertThat(Integer.compareUnsigned(ds.tagAt(i - 1), ds.tagAt(i))).isNegative();
        }
    }

    /** Copies {@code ds} element by element in random order. */
    static Attributes copyShuffled(Attributes ds, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        Attributes out = new Attributes(0);
        for (int i : order) {
            Object v = ds.valueAt(i);
            if (v instanceof Sequence sq) {
                Sequence copy = out.newSequence(ds.tagAt(i), sq.size());
                for (Attributes item : sq) {
                    copy.add(copyShuffled(item, random));
                }
            } else if (v instanceof Fragments f) {
                out.newFragments(ds.tagAt(i), f.vr(), f.size()).addAll(f);
            } else {
                out.setValue(ds.tagAt(i), ds.vrAt(i), v);
            }
        }
        return out;
    }
}
