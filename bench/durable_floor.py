#!/usr/bin/env python3
"""Usage: bench/durable_floor.py WORKDIR CORPUS_DIR [N]

The least a Storage SCP must do on this disk for each instance before it may answer Success under the
contract's durability promise (CONTRACT.md: the file fsynced and atomically placed in the archive, its
folder entry synced), measured without DICOM, networking or an index. For each of N instances (the corpus's
small files, in turn, kept in memory) it:

  1. creates a temporary file and writes the instance's bytes (an SCP does this while the data arrives);
  2. links it under its archive name in a series folder (the atomic placement);
  3. fdatasync()s the file and fsync()s the series folder (the syncs a Success must wait for);
  4. closes and unlinks the temporary name.

Printed (medians over N, after 20 unmeasured instances):
  sync_us   - steps 2-3: the time an SCP on one association cannot overlap with anything (its client waits
              for the Success; the write of step 1 can overlap with the data's arrival, so it is left out);
  kernel_cpu_us - system CPU time of all four steps per instance (user time of this interpreter left out,
              as are the kernel's journal and flusher threads): a lower bound on the CPU an SCP spends
              storing one instance.
Both are generous to the SCP (no folder is ever created, nothing is parsed or indexed), so the bounds that
store_target.sh derives from them hold for any implementation of the contract.
"""
import os
import resource
import statistics
import sys
import time


def main():
    work, corpus = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
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
    sync, link, fdatasync, dirsync = [], [], [], []
    cpu0 = None
    try:
        for i in range(n + warm):
            if i == warm:
                cpu0 = resource.getrusage(resource.RUSAGE_SELF).ru_stime
            t = os.path.join(tmp, "%d.part" % i)
            fd = os.open(t, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            buf = memoryview(data[i % len(data)])
            while buf:
                buf = buf[os.write(fd, buf):]
            t0 = time.perf_counter()
            os.link(t, os.path.join(series, "%d.dcm" % i))
            t1 = time.perf_counter()
            os.fdatasync(fd)
            t2 = time.perf_counter()
            os.fsync(series_fd)
            t3 = time.perf_counter()
            os.close(fd)
            os.unlink(t)
            if i >= warm:
                sync.append(t3 - t0)
                link.append(t1 - t0)
                fdatasync.append(t2 - t1)
                dirsync.append(t3 - t2)
        cpu = resource.getrusage(resource.RUSAGE_SELF).ru_stime - cpu0
    finally:
        os.close(series_fd)
        for d in (series, tmp):
            for f in os.listdir(d):
                os.unlink(os.path.join(d, f))
    us = lambda xs: statistics.median(xs) * 1e6
    size = sum(len(d) for d in data) / len(data)
    print("durable floor in %s: %d instances of %.0f KB: link %.0f us, fdatasync %.0f us, folder fsync %.0f us "
          "(medians); sync path %.0f us (median), kernel CPU %.0f us per instance"
          % (work, n, size / 1e3, us(link), us(fdatasync), us(dirsync), us(sync), cpu / n * 1e6))
    print("RESULT|durable|floor|sync_us|%.0f|us" % us(sync))
    print("RESULT|durable|floor|kernel_cpu_us|%.0f|us" % (cpu / n * 1e6))


if __name__ == "__main__":
    main()
