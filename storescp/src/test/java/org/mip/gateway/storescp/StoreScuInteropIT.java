package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.net.server.Dcmtk;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.forward.ForwardService;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.Peers;

/**
 * DCMTK storescu sends every pydicom test file that is a storage instance to a DicomServer with the archive;
 * each stored file is compared with the original, element for element, by dcmdump (the File Meta
 * Information, which the archive writes itself, excluded). The files that are not stored are listed with
 * the reason, and the reason is checked.
 */
@Timeout(600)
class StoreScuInteropIT {
    /** Files that are not storage instances as storescu can send them, and why. */
    static final Map<String, String> NOT_SENT = Map.of(
            "ExplVR_BigEndNoMeta.dcm", "no File Meta Information",
            "ExplVR_LitEndNoMeta.dcm", "no File Meta Information",
            "no_meta.dcm", "no File Meta Information",
            "rtstruct.dcm", "no File Meta Information",
            "empty_charset_LEI.dcm", "no Media Storage SOP Class UID: not a storage instance",
            "meta_missing_tsyntax.dcm", "no Media Storage SOP Class UID: not a storage instance",
            "nested_priv_SQ.dcm", "no Media Storage SOP Class UID: not a storage instance");

    @TempDir
    Path dir;

    /** The storescu option that proposes a file's own transfer syntax (with -R, only what the files need). */
    static final Map<String, String> PROPOSE = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2", "-xi"), Map.entry("1.2.840.10008.1.2.1", "-xe"),
            Map.entry("1.2.840.10008.1.2.2", "-xb"), Map.entry("1.2.840.10008.1.2.1.99", "-xd"),
            Map.entry("1.2.840.10008.1.2.4.50", "-xy"), Map.entry("1.2.840.10008.1.2.4.51", "-xx"),
            Map.entry("1.2.840.10008.1.2.4.70", "-xs"), Map.entry("1.2.840.10008.1.2.4.80", "-xt"),
            Map.entry("1.2.840.10008.1.2.4.81", "-xu"), Map.entry("1.2.840.10008.1.2.4.90", "-xv"),
            Map.entry("1.2.840.10008.1.2.4.91", "-xw"), Map.entry("1.2.840.10008.1.2.5", "-xr"));

    @Test
    void storescu_everyPydicomStorageInstance_isStoredElementForElement() throws Exception {
        Peers.require("storescu", "dcmtk");
        Path corpus = Peers.pydicomFile("test_files");
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        Map<String, String> notSent = new TreeMap<>();
        Map<String, String> refused = new TreeMap<>();
        List<String> stored = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        Map<String, Integer> reencodedByStorescu = new TreeMap<>();
        Set<String> storage = ArchiveStoreService.storageSopClasses();
        // What storescu actually sends (it drops trailing padding, re-encodes sequence lengths) is what DCMTK
        // storescp writes bit-preserving (+B): that is the reference the archive is compared with.
        Path refDir = Files.createDirectories(dir.resolve("reference"));
        int refPort = FreePorts.next();
        Process ref = Dcmtk.start(dir.resolve("storescp.log"), "storescp", "+xa", "+B", "-od", refDir.toString(),
                "-aet", "REF", String.valueOf(refPort));
        try (StoreGateway gw = StoreGateway.start(StoreGateway.h2(dir), dir.resolve("archive"), 0,
                OnDuplicate.KEEP_BOTH, List.of(), ForwardService.Options.defaults(), List.of())) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Attributes meta = meta(f);
                if (meta == null) {
                    notSent.put(name, "no File Meta Information");
                    continue;
                }
                String cuid = meta.getString(Tag.MediaStorageSOPClassUID);
                if (cuid == null || !storage.contains(cuid.strip())) {
                    notSent.put(name, "no Media Storage SOP Class UID: not a storage instance");
                    continue;
                }
                String ts = meta.getString(Tag.TransferSyntaxUID).strip();
                String iuid = sopInstanceUid(f);
                String propose = PROPOSE.getOrDefault(ts, "-xe");
                Dcmtk.Result r = Dcmtk.run(60_000, "storescu", "-R", propose, "-aet", "STORESCU", "-aec",
                        StoreGateway.AET, "127.0.0.1", String.valueOf(gw.port()), f.toString());
                ArchiveIndex.StoredFile sf = iuid == null ? null : gw.archive.index().currentFiles(List.of(iuid)).get(iuid);
                if (r.exitCode() != 0 || sf == null) {
                    refused.put(name, statusOf(r.output()));
                    continue;
                }
                stored.add(name);
                Dcmtk.Result rr = Dcmtk.run(60_000, "storescu", "-R", propose, "-aet", "STORESCU", "-aec", "REF",
                        "127.0.0.1", String.valueOf(refPort), f.toString());
                assertThat(rr.exitCode()).as("reference storescp took " + name).isZero();
                Path reference = findReference(refDir, iuid);
                Path archived = gw.archive.layout().resolve(sf.path());
                List<String> sent = dump(reference);
                List<String> got = dump(archived);
                if (!sent.equals(got)) {
                    differing.add(name + ":\n  sent " + diff(sent, got) + "\n  got  " + diff(got, sent));
                }
                List<String> original = dump(f);
                if (!original.equals(sent)) {
                    reencodedByStorescu.put(name, Math.max(diff(original, sent, 1000), diff(sent, original, 1000)));
                }
            }
        } finally {
            ref.destroy();
            ref.waitFor();
        }
        System.out.println("stored " + stored.size() + ": " + stored);
        System.out.println("not sent: " + notSent);
        System.out.println("refused: " + refused);
        System.out.println("re-encoded by storescu on the way (lines differing from the file, not from what was sent): "
                + reencodedByStorescu);
        differing.forEach(System.out::println);
        assertThat(notSent).isEqualTo(new TreeMap<>(NOT_SENT));
        assertThat(differing).isEmpty();
        assertThat(refused.keySet()).isEqualTo(REFUSED.keySet());
        REFUSED.forEach((file, why) -> assertThat(java.util.Arrays.stream(why.split("\\|"))
                .anyMatch(w -> refused.get(file).toLowerCase(java.util.Locale.ROOT).contains(w.toLowerCase(java.util.Locale.ROOT))))
                .as(file + ": " + refused.get(file)).isTrue());
        assertThat(stored).hasSize(files.size() - NOT_SENT.size() - REFUSED.size());
        assertThat(ArchiveFixture.temporaryFiles(dir.resolve("archive"))).as("no partial file left").isEmpty();
    }

    private static Path findReference(Path refDir, String iuid) throws IOException {
        try (Stream<Path> s = Files.list(refDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith("." + iuid)).findFirst()
                    .orElseThrow(() -> new AssertionError("reference storescp did not store " + iuid));
        }
    }

    private static String sopInstanceUid(Path f) {
        try (DicomInputStream in = DicomInputStream.open(f)) {
            Attributes ds = new Attributes();
            in.readDataset(ds, Tag.SOPInstanceUID + 1);
            String v = ds.getString(Tag.SOPInstanceUID);
            return v == null ? null : v.replace("\0", "").strip();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Storage instances storescu itself does not send (what it prints): malformed or truncated files it cannot
     * read, and files whose data set lacks SOP Class/Instance UID (storescu needs them for the command). None
     * reaches the archive; how the archive answers such data sets is covered by ArchiveStoreTest (C310H,
     * C000H, A900H, 0117H).
     */
    static final Map<String, String> REFUSED = Map.of(
            "MR_truncated.dcm", "larger (8192) than remaining bytes in file",
            "SC_rgb_jpeg.dcm", "larger (1329808723) than remaining bytes in file",
            "rtplan_truncated.dcm", "than remaining bytes",
            "UN_sequence.dcm", "no sop class or instance uid|missing sop class (or instance)",
            "no_meta_group_length.dcm", "no sop class or instance uid|missing sop class (or instance)",
            "priv_SQ.dcm", "no sop class or instance uid|missing sop class (or instance)",
            "rtdose_rle.dcm", "no sop class or instance uid|missing sop class (or instance)",
            "rtdose_rle_1frame.dcm", "no sop class or instance uid|missing sop class (or instance)");

    private static String statusOf(String output) {
        return output.strip().replace('\n', ' ');
    }

    private static Attributes meta(Path f) {
        try (DicomInputStream in = DicomInputStream.open(f)) {
            return in.fileMeta();
        } catch (IOException e) {
            return null;
        }
    }

    /** dcmdump of the data set: every value in full, File Meta Information and file-format comments left out. */
    static List<String> dump(Path file) throws IOException, InterruptedException {
        Dcmtk.Result r = Dcmtk.run(60_000, "dcmdump", "-q", "+L", file.toString());
        List<String> out = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("# ") || t.startsWith("(0002,")) {
                continue;
            }
            out.add(line);
        }
        return out;
    }

    private static int diff(List<String> a, List<String> b, int unused) {
        List<String> only = new ArrayList<>(a);
        only.removeAll(b);
        return only.size();
    }

    private static String diff(List<String> a, List<String> b) {
        List<String> only = new ArrayList<>(a);
        only.removeAll(b);
        return only.size() > 3 ? only.subList(0, 3) + " ..." : only.toString();
    }
}
