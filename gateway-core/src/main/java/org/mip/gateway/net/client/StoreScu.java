package org.mip.gateway.net.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.TransferSyntax;
import org.mip.gateway.net.dimse.DataSetCodec;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.ul.AssociationRejectedException;
import org.mip.gateway.net.ul.PresentationContext;

/**
 * C-STORE SCU behind {@code mipgw store AET@HOST:PORT FILE|DIR...}: sends Part 10 files as they are
 * (their data set bytes streamed from disk, in the file's own transfer syntax), one presentation
 * context per SOP class and transfer syntax pair, proposing Explicit VR Little Endian beside an
 * uncompressed syntax as a fallback (then the file is re-encoded); more pairs than one association
 * can propose (127) take several associations. Progress and per-file outcomes go to a {@link Listener}.
 */
public final class StoreScu {
    /** Presentation contexts per association: odd IDs 1..255. */
    static final int MAX_CONTEXTS = 128;

    /** Receives progress; called on the calling thread. */
    public interface Listener {
        /** A file was sent ({@code status} the C-STORE-RSP status) or failed ({@code status} -1, {@code error}). */
        default void onFile(Path file, long bytes, int status, String error) {}

        /** Totals so far. */
        default void onProgress(Progress progress) {}
    }

    /** Totals: files done (sent or failed), of which failed, and data set bytes sent. */
    public record Progress(int filesDone, int filesTotal, int failures, long bytes, long elapsedNanos) {
        public double megabytesPerSecond() {
            return elapsedNanos == 0 ? 0 : bytes / 1e6 / (elapsedNanos / 1e9);
        }
    }

    /** The outcome: counts by C-STORE-RSP status (e.g. "0000H Success"), and files not sent at all. */
    public record Summary(Progress progress, Map<String, Integer> byStatus, int notSent) {
        public boolean allSuccessful() {
            return notSent == 0 && byStatus.keySet().stream().allMatch(k -> k.startsWith("0000H"));
        }
    }

    /** One file to send: where its data set starts and what its meta information says. */
    record Item(Path file, String sopClass, String sopInstance, String transferSyntax, long dataSetOffset) {}

    private final DicomClient client;
    private final ClientOptions options;
    private final String callingAet;

    public StoreScu(DicomClient client, ClientOptions options, String callingAet) {
        this.client = client;
        this.options = options;
        this.callingAet = callingAet;
    }

    public Summary store(AeAddress remote, List<Path> filesOrDirs, Listener listener)
            throws IOException, AssociationRejectedException, InterruptedException {
        long t0 = System.nanoTime();
        List<Path> files = expand(filesOrDirs);
        Map<String, Integer> byStatus = new TreeMap<>();
        int[] done = {0};
        int[] failures = {0};
        long[] bytes = {0};
        int notSent = 0;
        List<Item> items = new ArrayList<>();
        for (Path f : files) {
            try {
                items.add(inspect(f));
            } catch (IOException | RuntimeException e) {
                notSent++;
                failures[0]++;
                done[0]++;
                listener.onFile(f, 0, -1, "not a DICOM Part 10 file: " + e.getMessage());
            }
        }
        for (List<Item> batch : batches(items)) {
            ScuAssociation as = client.connect(remote, callingAet, contexts(batch), options);
            try {
                for (Item item : batch) {
                    try {
                        long[] sent = {0};
                        DimseResponse rsp = send(as, item, sent);
                        bytes[0] += sent[0];
                        byStatus.merge(statusKey(rsp.status()), 1, Integer::sum);
                        if (Status.category(rsp.status()) == Status.Category.FAILURE) {
                            failures[0]++;
                        }
                        listener.onFile(item.file(), sent[0], rsp.status(), rsp.error().errorComment());
                    } catch (NoContextException e) {
                        notSent++;
                        failures[0]++;
                        listener.onFile(item.file(), 0, -1, e.getMessage());
                    }
                    done[0]++;
                    listener.onProgress(new Progress(done[0], files.size(), failures[0], bytes[0], System.nanoTime() - t0));
                }
                as.release();
            } catch (IOException | RuntimeException | InterruptedException e) {
                as.abort();
                throw e;
            }
        }
        Progress last = new Progress(done[0], files.size(), failures[0], bytes[0], System.nanoTime() - t0);
        listener.onProgress(last);
        return new Summary(last, byStatus, notSent);
    }

    private static String statusKey(int status) {
        return String.format("%04XH %s", status, Status.name(status));
    }

    private static final class NoContextException extends IOException {
        NoContextException(String message) {
            super(message);
        }
    }

    private DimseResponse send(ScuAssociation as, Item item, long[] sent) throws IOException, InterruptedException {
        PresentationContext exact = as.association().presentationContextFor(item.sopClass(), item.transferSyntax())
                .filter(pc -> pc.transferSyntax().equals(item.transferSyntax())).orElse(null);
        if (exact != null) {
            sent[0] = Files.size(item.file()) - item.dataSetOffset();
            try (InputStream file = new BufferedInputStream(Files.newInputStream(item.file()), 1 << 16)) {
                file.skipNBytes(item.dataSetOffset());
                InputStream in = file;
                if ((sent[0] & 1) != 0 && TransferSyntax.of(item.transferSyntax()).deflated()) {
                    // PS3.5 A.5: a deflated data set of odd length is padded with one 00H to even length
                    // (a file may end without it; DCMTK refuses odd fragments).
                    in = new SequenceInputStream(file, new ByteArrayInputStream(new byte[1]));
                    sent[0]++;
                }
                return as.store(item.sopClass(), item.sopInstance(), item.transferSyntax(), in);
            }
        }
        PresentationContext fallback = as.association().presentationContextFor(item.sopClass(), UID.ExplicitVRLittleEndian)
                .filter(pc -> pc.transferSyntax().equals(UID.ExplicitVRLittleEndian)).orElse(null);
        if (fallback == null || TransferSyntax.of(item.transferSyntax()).encapsulated()) {
            throw new NoContextException("no presentation context accepted for " + item.sopClass() + " in "
                    + item.transferSyntax());
        }
        Attributes ds;
        try (DicomInputStream in = DicomInputStream.open(item.file())) {
            ds = in.readDataset();
        }
        byte[] encoded = DataSetCodec.encode(ds, UID.ExplicitVRLittleEndian);
        sent[0] = encoded.length;
        return as.store(item.sopClass(), item.sopInstance(), UID.ExplicitVRLittleEndian, new ByteArrayInputStream(encoded));
    }

    static List<Path> expand(List<Path> filesOrDirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : filesOrDirs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Reads the file's meta information and the start of its data set. The C-STORE-RQ's Affected SOP
     * Class and Instance UIDs name the instance being stored (PS3.7 9.1.1.1, PS3.4 B.2.3), i.e. the data
     * set's (0008,0016) and (0008,0018); a receiver may refuse a request whose UIDs differ from the data
     * set's (Orthanc answers A900H). The meta's Media Storage UIDs, which some files get wrong, are the
     * fallback when the data set lacks them.
     */
    static Item inspect(Path file) throws IOException {
        Attributes meta;
        Attributes head = new Attributes();
        try (DicomInputStream in = DicomInputStream.open(file)) {
            meta = in.fileMeta();
            if (meta != null && meta.getString(Tag.TransferSyntaxUID) != null) {
                in.readDataset(head, Tag.SOPInstanceUID + 1);
            }
        }
        if (meta == null || meta.getString(Tag.TransferSyntaxUID) == null) {
            throw new IOException("no File Meta Information");
        }
        String sopClass = firstOf(head.getString(Tag.SOPClassUID), meta.getString(Tag.MediaStorageSOPClassUID));
        String sopInstance = firstOf(head.getString(Tag.SOPInstanceUID), meta.getString(Tag.MediaStorageSOPInstanceUID));
        if (sopClass == null || sopInstance == null) {
            throw new IOException("no SOP Class/Instance UID");
        }
        return new Item(file, sopClass, sopInstance, meta.getString(Tag.TransferSyntaxUID).strip(), dataSetOffset(file));
    }

    private static String firstOf(String fromDataSet, String fromMeta) {
        if (fromDataSet != null && !fromDataSet.isBlank()) {
            return fromDataSet.strip();
        }
        return fromMeta == null || fromMeta.isBlank() ? null : fromMeta.strip();
    }

    /**
     * Where the data set starts: after the 128-byte preamble, "DICM" and the group 0002 elements, which
     * are always Explicit VR Little Endian (PS3.10 7.1).
     */
    static long dataSetOffset(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] head = in.readNBytes(132);
            if (head.length < 132 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
                throw new IOException("no DICM prefix");
            }
            long offset = 132;
            while (true) {
                in.mark(8);
                byte[] h = in.readNBytes(8);
                if (h.length < 8 || (h[0] & 0xFF | (h[1] & 0xFF) << 8) != 0x0002) {
                    return offset;
                }
                String vr = new String(h, 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
                long length;
                int header;
                if (Set.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UT", "UN", "UC", "UR", "SV", "UV").contains(vr)) {
                    byte[] l = in.readNBytes(4);
                    if (l.length < 4) {
                        throw new IOException("truncated file meta information");
                    }
                    length = (l[0] & 0xFFL) | (l[1] & 0xFFL) << 8 | (l[2] & 0xFFL) << 16 | (l[3] & 0xFFL) << 24;
                    header = 12;
                } else {
                    length = (h[6] & 0xFF) | (h[7] & 0xFF) << 8;
                    header = 8;
                }
                in.skipNBytes(length);
                offset += header + length;
            }
        }
    }

    /** Splits items so that each association needs at most {@link #MAX_CONTEXTS} contexts. */
    static List<List<Item>> batches(List<Item> items) {
        List<List<Item>> out = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        Set<String> pairs = new LinkedHashSet<>();
        for (Item item : items) {
            String pair = item.sopClass() + "|" + item.transferSyntax();
            if (!pairs.contains(pair) && pairs.size() == MAX_CONTEXTS) {
                out.add(current);
                current = new ArrayList<>();
                pairs.clear();
            }
            pairs.add(pair);
            current.add(item);
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /**
     * One context per SOP class and transfer syntax pair: the file's syntax, plus Explicit VR Little
     * Endian when the file's syntax is another uncompressed one.
     */
    static List<PresentationContextRq> contexts(List<Item> batch) {
        Map<String, PresentationContextRq> byPair = new LinkedHashMap<>();
        for (Item item : batch) {
            String pair = item.sopClass() + "|" + item.transferSyntax();
            if (byPair.containsKey(pair)) {
                continue;
            }
            int id = 2 * byPair.size() + 1;
            TransferSyntax ts = TransferSyntax.lookup(item.transferSyntax());
            boolean fallback = ts != null && !ts.encapsulated() && !ts.deflated()
                    && !UID.ExplicitVRLittleEndian.equals(item.transferSyntax());
            byPair.put(pair, fallback
                    ? new PresentationContextRq(id, item.sopClass(), item.transferSyntax(), UID.ExplicitVRLittleEndian)
                    : new PresentationContextRq(id, item.sopClass(), item.transferSyntax()));
        }
        return List.copyOf(byPair.values());
    }
}
