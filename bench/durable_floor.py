#!/usr/bin/env python3
"""Usage: bench/durable_floor.py WORKDIR CORPUS_DIR [N] [WORKERS]

The least a Storage SCP must do on this disk for each instance before it may answer Success under the
contract's durability promise (CONTRACT.md: the file fsynced and atomically placed in the archive, its
folder entry synced), measured without DICOM, networking or an index. For each of N instances (the corpus's
small files, in turn, kept in memory) it:

  1. creates a temporary file and writes the instance's bytes (an SCP does this while the data arrives);
  2. links it under its archive name in a series folder (the atomic placement);
  3. fdatasync()s the file and fsync()s the series folder (the syncs a Success must wait for);
  4. closes and unlinks the temporary name.

Three passes of N instances each:
  sequential - one instance at a time, step 3's two syncs one after the other;
  overlapped - one instance at a time, step 3's two syncs at the same time on two threads (as an SCP that
               overlaps them does; on ext4 both wait for the same journal commit);
  concurrent - WORKERS (default 4) threads at once, each storing every WORKERS-th instance into the same
               series folder, as an SCP serving WORKERS associations of one study does.

Printed (medians over N, after 20 unmeasured instances per pass):
  sync_us       - steps 2-3 of the sequential pass: the time an SCP on one association cannot overlap with
                  anything (its client waits for the Success; the write of step 1 can overlap with the data's
                  arrival, so it is left out);
  sync_overlap_us - the same with the two syncs overlapped: the smaller of the two is the sync path's floor;
  kernel_cpu_us - system CPU time of all four steps per instance in the sequential pass (user time of this
                  interpreter left out, as are the kernel's journal and flusher threads);
  concurrent kernel_cpu_us - the same with WORKERS threads storing at once: the filesystem's locks and journal
                  cost more CPU per instance under concurrency (on this 2-core machine about twice as much),
                  so this is the lower bound on the kernel CPU per instance of an SCP serving WORKERS
                  associations at once; concurrent img_per_s - what the WORKERS threads stored per second.
All are generous to the SCP (no folder is ever created, nothing is parsed or indexed), so the bounds that
store_target.sh derives from them hold for any implementation of the contract.
"""
import os
import resource
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def store_one(tmp, series, series_fd, name, data, overlap=None):
    """Steps 1-4 for one instance; returns (link, fdatasync, folder fsync, both syncs) in seconds."""
    t = os.path.join(tmp, name + ".part")
    fd = os.open(t, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    buf = memoryview(data)
    while buf:
        buf = buf[os.write(fd, buf):]
    t0 = time.perf_counter()
    os.link(t, os.path.join(series, name + ".dcm"))
    t1 = time.perf_counter()
    if overlap is None:
        os.fdatasync(fd)
        t2 = time.perf_counter()
        os.fsync(series_fd)
        t3 = time.perf_counter()
    else:  # the folder's fsync on the helper thread while this one runs the file's fdatasync
        done = overlap.submit(os.fsync, series_fd)
        os.fdatasync(fd)
        t2 = time.perf_counter()
        done.result()
        t3 = time.perf_counter()
    os.close(fd)
    os.unlink(t)
    return t1 - t0, t2 - t1, t3 - t2, t3 - t0


def main():
    work, corpus = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".dcm"))
    if not files:
        sys.exit("durable_floor: no .dcm files in " + corpus)
    data = [open(os.path.join(corpus, f), "rb").read() for f in files]
    tmp = os.path.join(work, "tmp")
    series = os.path.join(work, "archive", "study", "series")
    os.makedirs(tmp, exist_ok=True)
    os.makedirs(series, exist_ok=True)
    series_fd = os.open(series, os.O_RDONLY)
    warm = 20
    us = lambda xs: statistics.median(xs) * 1e6
    stime = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_stime
    try:
        # sequential, then overlapped: one instance at a time
        passes = {}
        with ThreadPoolExecutor(1) as helper:
            for mode, overlap in (("sequential", None), ("overlapped", helper)):
                times = []
                for i in range(n + warm):
                    if i == warm:
                        cpu0 = stime()
                    t = store_one(tmp, series, series_fd, "%s-%d" % (mode, i), data[i % len(data)], overlap)
                    if i >= warm:
                        times.append(t)
                passes[mode] = (times, stime() - cpu0)
                clean(series, tmp)
        # concurrent: WORKERS threads, each every WORKERS-th instance, all into the one series folder
        for i in range(warm):
            store_one(tmp, series, series_fd, "warm-%d" % i, data[i % len(data)])
        start = threading.Barrier(workers + 1)
        def worker(k):
            start.wait()
            for i in range(k, n, workers):
                store_one(tmp, series, series_fd, "c%d-%d" % (k, i), data[i % len(data)])
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
        for th in threads:
            th.start()
        cpu0 = stime()
        t0 = time.perf_counter()
        start.wait()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        ccpu = stime() - cpu0
    finally:
        os.close(series_fd)
        clean(series, tmp)
    size = sum(len(d) for d in data) / len(data)
    seq, cpu = passes["sequential"]
    ovl, _ = passes["overlapped"]
    print("durable floor in %s: %d instances of %.0f KB: link %.0f us, fdatasync %.0f us, folder fsync %.0f us "
          "(medians); sync path %.0f us (median), kernel CPU %.0f us per instance"
          % (work, n, size / 1e3, us([t[0] for t in seq]), us([t[1] for t in seq]), us([t[2] for t in seq]),
             us([t[3] for t in seq]), cpu / n * 1e6))
    print("  the two syncs overlapped: sync path %.0f us (median)" % us([t[3] for t in ovl]))
    print("  %d threads at once: %.0f instances/s, kernel CPU %.0f us per instance" % (workers, n / wall, ccpu / n * 1e6))
    print("RESULT|durable|floor|sync_us|%.0f|us" % us([t[3] for t in seq]))
    print("RESULT|durable|floor|sync_overlap_us|%.0f|us" % us([t[3] for t in ovl]))
    print("RESULT|durable|floor|kernel_cpu_us|%.0f|us" % (cpu / n * 1e6))
    print("RESULT|durable|floor_concurrent|kernel_cpu_us|%.0f|us" % (ccpu / n * 1e6))
    print("RESULT|durable|floor_concurrent|img_per_s|%.0f|img/s" % (n / wall))
    print("RESULT|durable|floor_concurrent|workers|%d|threads" % workers)


def clean(*folders):
    for d in folders:
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))


if __name__ == "__main__":
    main()
