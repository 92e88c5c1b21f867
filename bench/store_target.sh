#!/bin/bash
# Usage: bench/store_target.sh [WORKDIR]
#   C-STORE benchmark of the gateway's storage SCP (module storescp: temp file, fsync, atomic rename,
#   directory fsync and index commit for every instance, grouped across associations), run with the shared
#   harness (store_bench.sh) in the same run as DCMTK storescp (--fork, never fsyncs) and Orthanc 1.10
#   (fdatasync per instance) receiving the same corpus. Prints the summary tables with gateway/storescp and
#   gateway/orthanc ratios, the fsync-family calls per instance, and the gateway's peak heap.
#   The gateway is the storage-only server StoreServerMain (storescp test sources) on an embedded H2
#   database, as `mipgw run` would use by default, started here with -Xmx$XMX.
#   Environment (optional):
#     BENCH=<folder with store_bench.sh> (default: ../shared/bench beside this repository, else /work/shared/bench)
#     CORPUS=<gen_data.py output> (generated in WORKDIR when absent)   REPS=3   XMX=256m
#     VARIANTS="single parallel large" (store_bench variants)   REFERENCE=1 (0: gateway only)   PROBE=1
#     WARMUP=20 (unmeasured passes of the small corpus through the gateway first, alternately on 1 and on 4
#       associations, so that its JIT is warm; storescp and Orthanc are native code). After WARMUP passes the
#       warm-up goes on until the JIT has settled and H2 has run its housekeeping: until at least
#       WARMUP_SECONDS=75 have passed and the C2 compiler threads used under JIT_QUIET=100 us of CPU per
#       instance in two passes in a row, at most WARMUP_MAX=250 passes. On this 2-core machine C2 still used
#       460-1,400 us per instance (more than the whole settled server) at pass 20 in some runs and went quiet
#       by pass 23-35; then, 45-50 s into the ingest (H2's retention time is 45 s), H2 starts rewriting old
#       chunks of its file and C2 compiles that code: up to 1,600 us per instance for a few passes. The C2
#       time during the measured runs is printed.
#     LARGE_EVERY=5 (the large files also go through the gateway, unmeasured, in every 5th warm-up pass, the first
#       included; 0: never)
#     CPU=1 (CPU probe: one more pass of the small corpus on 1 association to each server, untimed, with the
#       CPU time the server process and the storescu client used, in microseconds per instance, and the server's
#       by kind of thread; storescp is probed without --fork so that the time is its own process's)
#     FLOOR=1 (also time storescp --ignore on 1 association: it answers Success without storing anything, so its
#       round trip is the floor under any Storage SCP on this machine; with the disk's fdatasync time printed
#       first, it bounds what an SCP that syncs each instance before its Success can reach on 1 association;
#       and the gateway's own floor, gateway_discard: StoreServerMain --discard, the same listener answering
#       Success without storing, i.e. what the gateway's network, PDU and DIMSE layers alone reach; then
#       bench/durable_floor.py times the contract's syncs alone on this disk, and the summary ends with the bounds
#       these floors put on any SCP that keeps the contract: on 1 association the faster floor plus the sync
#       path (the smaller of the syncs in sequence and overlapped); on 4 the CPU of the storescu client, of the
#       cheaper listener that stores nothing (storescp --ignore or the gateway's --discard) and of the kernel's
#       storing with 4 threads at once; and on 4 the faster floor on 4 associations, which no SCP that stores
#       can exceed: FLOOR_VARIANTS="single parallel" are the store_bench variants the floors are timed with)
#     DB_URL=jdbc:postgresql://HOST:PORT/DB DB_USER DB_PASSWORD (index in PostgreSQL instead of embedded H2)
#     GW_JVM_OPTS (JVM options of the gateway's servers; default: the launcher's DEFAULT_JVM_OPTS, as `mipgw run`
#       uses them; GW_JVM_OPTS= for the JVM's own defaults)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/bench}
[ -f "$BENCH/store_bench.sh" ] || BENCH=/work/shared/bench
source "$BENCH/lib.sh"
WORK=${1:-$(mktemp -d /tmp/store-target.XXXXXX)}
mkdir -p "$WORK"
export REPS=${REPS:-3}
XMX=${XMX:-256m}
GW_JVM_OPTS=${GW_JVM_OPTS-$(sed -n 's/^DEFAULT_JVM_OPTS="\(.*\)"$/\1/p' "$ROOT/mipgw")}
VARIANTS=${VARIANTS:-"single parallel large"}
REFERENCE=${REFERENCE:-1}
PROBE=${PROBE:-1}
WARMUP=${WARMUP:-20}
WARMUP_MAX=${WARMUP_MAX:-250}
WARMUP_SECONDS=${WARMUP_SECONDS:-75}
JIT_QUIET=${JIT_QUIET:-100}
CPU=${CPU:-1}
FLOOR=${FLOOR:-1}
FLOOR_VARIANTS=${FLOOR_VARIANTS:-single parallel}
LARGE_EVERY=${LARGE_EVERY:-5}
H=127.0.0.1
declare -A SPID
trap 'stop_all_servers' EXIT
trap 'exit 130' INT TERM

echo "==== store_target $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) work=$WORK reps=$REPS variants='$VARIANTS'"
disk_fsync_probe "$WORK"
if [ -z "${CORPUS:-}" ] || [ ! -d "$CORPUS/small" ]; then
  CORPUS=$WORK/corpus
  log "generating corpus in $CORPUS"
  timeout 1200 $PY "$BENCH/gen_data.py" "$CORPUS" --small 500 --large 2 --mwl 10 >/dev/null || exit 1
fi

log "building the storage server (mvn -o test-compile)"
(cd "$ROOT" && mvn -B -q -o -pl storescp -am test-compile dependency:build-classpath \
   -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
CP="$ROOT/storescp/target/test-classes:$ROOT/storescp/target/classes:$ROOT/gateway-core/target/classes"
CP="$CP:$ROOT/gateway-core/target/test-classes:$ROOT/config/target/classes:$(cat "$WORK/cp.txt")"

LOGS=()
run_bench() { # label host port ae reset count
  local lf=$WORK/store-$1.txt
  TARGET=$1 WORK=$WORK/store-$1 VARIANTS="$VARIANTS" RESET_CMD="$5" COUNT_CMD="$6" \
    timeout 1800 "$BENCH/store_bench.sh" "$2" "$3" "$4" "$CORPUS" 2>&1 | tee "$lf"
  LOGS+=("$lf")
}

# thread_ticks PID: "kind ticks" per kind of thread of process PID (user+system so far; the thread's name
# without its numbering, e.g. dicom-service-5-2 and archive-sync are kinds "dicom-service" and "archive-sync"),
# sorted by kind for join; threads that ended meanwhile are not counted
thread_ticks() {
  local t comm
  for t in /proc/"$1"/task/*; do
    { read -r comm <"$t/comm" && echo "$comm $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')"; } 2>/dev/null
  done | awk '{ k = $0; sub(/ [0-9]+$/, "", k); gsub(/ /, "_", k); sub(/([-#_]?[0-9]+)+(-[0-9]+)*$/, "", k);
                sub(/-$/, "", k); if (k == "") k = "main"; t[k] += $NF } END { for (k in t) print k, t[k] }' | sort
}

# cpu_probe LABEL PID PORT AE RESET_CMD: the small corpus once on 1 association (untimed); prints the CPU time
# (user+system, children included) of the server process PID and of the storescu client, per instance
cpu_probe() {
  [ "$CPU" = 1 ] || return 0
  local label=$1 pid=$2 port=$3 ae=$4 reset=$5 c0 c1 n=${#WF[@]} tck
  tck=$(getconf CLK_TCK)
  bash -c "$reset" >/dev/null 2>&1; sync
  c0=$(awk '{print $14+$15+$16+$17}' "/proc/$pid/stat")
  thread_ticks "$pid" >"$WORK/threads0.txt"
  local out; out=$( { TCP_NODELAY=1 bash -c 'storescu -aet BENCHSCU -aec "$0" 127.0.0.1 "$1" "${@:2}" >/dev/null 2>&1; times' \
      "$ae" "$port" "${WF[@]}"; } | tail -1)
  c1=$(awk '{print $14+$15+$16+$17}' "/proc/$pid/stat")
  # `times` prints the children's user and system time as 0m0.123s 0m0.045s
  local cl; cl=$(echo "$out" | awk '{ t=0; for (i=1;i<=2;i++) { split($i,a,/m|s/); t+=a[1]*60+a[2] } printf "%.0f", t*1e6 }')
  local sv=$(( (c1 - c0) * 1000000 / tck / n ))
  log "cpu probe $label: server $sv us/instance, storescu client $((cl / n)) us/instance ($n instances, 1 association)"
  thread_ticks "$pid" >"$WORK/threads1.txt"
  log "cpu probe $label by thread (user+system, us/instance, threads of one kind together; 10 and more): $(
    join -a2 -e 0 -o 0,1.2,2.2 "$WORK/threads0.txt" "$WORK/threads1.txt" \
      | awk -v tck="$tck" -v n="$n" '{ us = ($3 - $2) * 1000000 / tck / n; if (us >= 10) printf "%d %s\n", us, $1 }' \
      | sort -rn | awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 }')"
  echo "RESULT|cpu|$label|server_cpu_us_per_instance|$sv|us" >>"$WORK/cpu.txt"
  echo "RESULT|cpu|$label|client_cpu_us_per_instance|$((cl / n))|us" >>"$WORK/cpu.txt"
}
: >"$WORK/cpu.txt"

# ---- the gateway
P_GW=$(free_port); A_GW=$(free_port)
rm -rf "$WORK/gw"
DB_ARGS=()
if [ -n "${DB_URL:-}" ]; then   # e.g. jdbc:postgresql://127.0.0.1:5432/mipgw_bench (an empty database)
  DB_ARGS=("$DB_URL" "${DB_USER:-mipgw_test}" "${DB_PASSWORD:-mipgw_test}")
  log "gateway index in $DB_URL"
fi
log "gateway JVM options: -Xmx$XMX $GW_JVM_OPTS"
# shellcheck disable=SC2086
start_server gateway "$WORK/gateway.log" java -Xmx"$XMX" $GW_JVM_OPTS -cp "$CP" org.mip.gateway.storescp.StoreServerMain \
  "$WORK/gw" "$P_GW" keep-both "${DB_ARGS[@]}" --admin "$A_GW"
wait_echo $H "$P_GW" MIPGW 60 || { cat "$WORK/gateway.log"; exit 1; }
ADMIN="http://$H:$A_GW"
# A long-running JVM server is measured warm (the JIT has compiled its hot paths, as after the first minutes
# of a working day); DCMTK storescp --fork and Orthanc are native code. WARMUP passes of the small corpus
# (one on 1 association, then on 4) go to the gateway before anything is measured, then the archive is reset.
mapfile -t WF < <(ls "$CORPUS"/small/*.dcm | sort)
# The large files take their own code path (fragments of megabytes, background flushes): warmed only with the small
# corpus, the JIT's code for the shared paths (PDU reading, the data set stream, the header parse) met the large
# files' branches first in the measured runs and was thrown away and recompiled there (25 deoptimizations and
# 73 C2 compilations in the measured runs at 02:31Z on 2026-11-27; the first large run took 1.85 s, the third
# 0.87 s). So the large files go through the gateway too, unmeasured, in every LARGE_EVERY-th warm-up pass
# (the first included): the warm-up then ends only once the JIT is quiet with both kinds of traffic.
mapfile -t WL < <(ls "$CORPUS"/large/*.dcm 2>/dev/null | sort)
c2_ticks() { # CPU clock ticks used so far by the JVM's C2 compiler threads
  thread_ticks "$1" | awk '$1 == "C2_CompilerThre" { n = $2 } END { print n + 0 }'
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))
quiet=0
WSTART=$SECONDS
for ((w = 1; w <= WARMUP || (WARMUP > 0 && (quiet < 2 || SECONDS - WSTART < WARMUP_SECONDS) && w <= WARMUP_MAX); w++)); do
  c0=$(c2_ticks "${SPID[gateway]}")
  if ((${#WL[@]} > 0 && LARGE_EVERY > 0 && (w - 1) % LARGE_EVERY == 0)); then
    TCP_NODELAY=1 timeout 600 storescu -aet BENCHSCU -aec MIPGW $H "$P_GW" "${WL[@]}" >/dev/null 2>&1
  fi
  if ((w % 2)); then
    TCP_NODELAY=1 timeout 600 storescu -aet BENCHSCU -aec MIPGW $H "$P_GW" "${WF[@]}" >/dev/null 2>&1
  else
    wp=()
    for ((k = 0; k < 4; k++)); do
      chunk=(); for ((i = k; i < ${#WF[@]}; i += 4)); do chunk+=("${WF[i]}"); done
      TCP_NODELAY=1 timeout 600 storescu -aet BENCHSCU -aec MIPGW $H "$P_GW" "${chunk[@]}" >/dev/null 2>&1 &
      wp+=($!)
    done
    for p in "${wp[@]}"; do wait "$p"; done
  fi
  c2us=$(( ($(c2_ticks "${SPID[gateway]}") - c0) * TICK_US / ${#WF[@]} ))
  if ((c2us < JIT_QUIET)); then quiet=$((quiet + 1)); else quiet=0; fi
  curl -s "$ADMIN/count" >/dev/null   # as store_bench does after each measured run: its query is warm too
  curl -s -X POST "$ADMIN/reset" >/dev/null
done
[ "$WARMUP" -gt 0 ] && log "gateway warmed up with $((w - 1)) x ${#WF[@]} instances (and the ${#WL[@]} large files every ${LARGE_EVERY}th pass) in $((SECONDS - WSTART)) s (not" \
  "measured); C2 used $c2us us/instance in the last pass$( ((quiet < 2)) && echo ", JIT NOT SETTLED after WARMUP_MAX=$WARMUP_MAX")"
C2_BEFORE=$(c2_ticks "${SPID[gateway]}")
if [ "$PROBE" = 1 ] && command -v strace >/dev/null; then
  TARGET=gateway WORK=$WORK/probe RESET_CMD="curl -s -X POST $ADMIN/reset" \
    "$BENCH/fsync_probe.sh" "${SPID[gateway]}" $H "$P_GW" MIPGW "$CORPUS" 20 2>&1 | tee "$WORK/probe-gateway.txt"
  LOGS+=("$WORK/probe-gateway.txt")
fi
run_bench gateway $H "$P_GW" MIPGW "curl -s -X POST $ADMIN/reset" "curl -s $ADMIN/count"
log "C2 compiler CPU during the gateway's measured runs: $(( ($(c2_ticks "${SPID[gateway]}") - C2_BEFORE) * TICK_US / 1000 )) ms"
cpu_probe gateway "${SPID[gateway]}" "$P_GW" MIPGW "curl -s -X POST $ADMIN/reset"
HEAP=$(curl -s "$ADMIN/heap")
log "gateway peak heap used: $HEAP MB (-Xmx$XMX)"
echo "RESULT|store|gateway|peak_heap_mb|$HEAP|MB" | tee "$WORK/heap.txt"
LOGS+=("$WORK/heap.txt")
stop_server gateway

RATIOS=()
if [ "$REFERENCE" = 1 ]; then
  # ---- DCMTK storescp (reference: page cache only)
  P_SCP=$(free_port); ST=$WORK/scp_store; mkdir -p "$ST"
  start_server storescp "$WORK/storescp.log" env TCP_NODELAY=1 storescp --fork -aet STORESCP -od "$ST" "$P_SCP"
  wait_echo $H "$P_SCP" STORESCP 30
  # reset: set the files aside (deleted at the end), like the gateway's /reset: deleting them would make the
  # next pass's file creations scan the freed inodes (see BenchAdmin)
  run_bench storescp $H "$P_SCP" STORESCP "mv '$ST' '$ST.trash.'\$(date +%s%N) && mkdir '$ST'" "find '$ST' -type f | wc -l"
  stop_server storescp
  if [ "$CPU" = 1 ]; then  # without --fork: the CPU time is the server process's own
    start_server storescp1 "$WORK/storescp1.log" env TCP_NODELAY=1 storescp -aet STORESCP -od "$ST" "$P_SCP"
    wait_echo $H "$P_SCP" STORESCP 30
    cpu_probe storescp "${SPID[storescp1]}" "$P_SCP" STORESCP "mv '$ST' '$ST.trash.'\$(date +%s%N) && mkdir '$ST'"
    stop_server storescp1
  fi
  if [ "$FLOOR" = 1 ]; then
    # storescp --ignore receives every data set and answers Success without storing it: the round trip of
    # storescu, the network and the DIMSE exchange alone, the floor under any SCP on one association
    start_server storescp_ignore "$WORK/storescp-ignore.log" env TCP_NODELAY=1 storescp --ignore -aet STORESCP "$P_SCP"
    wait_echo $H "$P_SCP" STORESCP 30
    TARGET=storescp_ignore WORK=$WORK/store-floor VARIANTS="$FLOOR_VARIANTS" \
      timeout 1800 "$BENCH/store_bench.sh" $H "$P_SCP" STORESCP "$CORPUS" 2>&1 | tee "$WORK/store-floor.txt"
    LOGS+=("$WORK/store-floor.txt")
    cpu_probe storescp_ignore "${SPID[storescp_ignore]}" "$P_SCP" STORESCP true
    stop_server storescp_ignore
    # the gateway's own floor: its listener with a Storage SCP that reads each data set and answers Success
    # without storing it (StoreServerMain --discard), warmed like the gateway
    # shellcheck disable=SC2086
    start_server gateway_discard "$WORK/gateway-discard.log" java -Xmx"$XMX" $GW_JVM_OPTS -cp "$CP" \
      org.mip.gateway.storescp.StoreServerMain --discard "$P_SCP"
    wait_echo $H "$P_SCP" MIPGW 60
    for ((w = 1; w <= WARMUP; w++)); do
      TCP_NODELAY=1 timeout 600 storescu -aet BENCHSCU -aec MIPGW $H "$P_SCP" "${WF[@]}" >/dev/null 2>&1
    done
    TARGET=gateway_discard WORK=$WORK/store-gwfloor VARIANTS="$FLOOR_VARIANTS" \
      timeout 1800 "$BENCH/store_bench.sh" $H "$P_SCP" MIPGW "$CORPUS" 2>&1 | tee "$WORK/store-gwfloor.txt"
    LOGS+=("$WORK/store-gwfloor.txt")
    cpu_probe gateway_discard "${SPID[gateway_discard]}" "$P_SCP" MIPGW true
    stop_server gateway_discard
    # the least the contract's durability asks of any SCP per instance on this disk (durable_floor.py)
    $PY "$ROOT/bench/durable_floor.py" "$WORK/durable" "$CORPUS/small" 500 | tee "$WORK/durable.txt"
  fi
  RATIOS+=(--ratio store:gateway/storescp)
  [ "$FLOOR" = 1 ] && RATIOS+=(--ratio store:gateway_discard/storescp_ignore)

  # ---- Orthanc 1.10 (fdatasync per instance, SQLite index)
  P_O=$(free_port); H_O=$(free_port); OD=$WORK/orthanc; mkdir -p "$OD/storage" "$OD/db"
  cat >"$OD/orthanc.json" <<JSON
{ "Name": "BENCH-ORTHANC", "StorageDirectory": "$OD/storage", "IndexDirectory": "$OD/db",
  "StorageCompression": false, "Plugins": [], "HttpServerEnabled": true, "HttpPort": $H_O,
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomServerEnabled": true,
  "DicomAet": "ORTHANC", "DicomPort": $P_O, "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true }
JSON
  start_server orthanc "$WORK/orthanc.log" env TCP_NODELAY=1 /usr/sbin/Orthanc "$OD/orthanc.json"
  OCTL="$PY $BENCH/orthanc_ctl.py http://$H:$H_O"
  $OCTL wait 60 && wait_echo $H "$P_O" ORTHANC 30
  run_bench orthanc $H "$P_O" ORTHANC "$OCTL reset" "$OCTL count"
  cpu_probe orthanc "${SPID[orthanc]}" "$P_O" ORTHANC "$OCTL reset"
  stop_server orthanc
  rm -rf "$OD/storage" "$OD/db"
  RATIOS+=(--ratio store:gateway/orthanc)
fi

echo
echo "==== summary ($(date -u +%H:%M:%SZ), load $(loadavg))"
$PY "$BENCH/summarize.py" "${LOGS[@]}" "${RATIOS[@]}"
if [ -s "$WORK/cpu.txt" ]; then
  echo "---- CPU per instance, small corpus on 1 association (server process incl. children; storescu client)"
  cat "$WORK/cpu.txt"
fi
if [ -s "$WORK/durable.txt" ]; then
  echo "---- bounds from this run's floors (what no SCP keeping the contract's durability can exceed here)"
  $PY - "$WORK" "$(nproc)" <<'PYEOF'
import re, sys
work, cores = sys.argv[1], int(sys.argv[2])
r = {}
for f in ("store-storescp.txt", "store-floor.txt", "store-gwfloor.txt", "cpu.txt", "durable.txt", "store-gateway.txt"):
    try:
        for line in open(work + "/" + f):
            m = re.match(r"RESULT\|\w+\|(\w+)\|(\w+)\|([0-9.]+)\|", line)
            if m:
                r[(m.group(1), m.group(2))] = float(m.group(3))
    except OSError:
        pass
def g(k, m):
    return r.get((k, m))
scp1, scp4 = g("storescp", "single_img_per_s"), g("storescp", "parallel4_img_per_s")
floors = [x for x in (g("storescp_ignore", "single_img_per_s"), g("gateway_discard", "single_img_per_s")) if x]
# the sync path with the file's and the folder's syncs one after the other, and overlapped: the smaller bounds
syncs = [x for x in (g("floor", "sync_us"), g("floor", "sync_overlap_us")) if x]
sync = min(syncs) if syncs else None
# kernel CPU per instance with 4 threads storing at once (as on 4 associations), else one at a time
kcpu = g("floor_concurrent", "kernel_cpu_us") or g("floor", "kernel_cpu_us")
if scp1 and floors and sync:
    b1 = 1 / (1 / max(floors) + sync * 1e-6)
    print("1 association: the faster floor %.0f img/s plus the sync path %.0f us: at most %.0f img/s = x%.2f of "
          "storescp (%.0f); the target x1.2 is %.0f" % (max(floors), sync, b1, b1 / scp1, scp1, 1.2 * scp1))
# the cheaper of the two listeners that store nothing, and the storescu client it was probed with
probes = [(g(k, "server_cpu_us_per_instance"), g(k, "client_cpu_us_per_instance"), k)
          for k in ("storescp_ignore", "gateway_discard")]
probes = [p for p in probes if p[0] is not None and p[1] is not None]
if scp4 and probes and kcpu:
    server, client, who = min(probes, key=lambda p: p[0] + p[1])
    b4 = cores * 1e6 / (client + server + kcpu)
    print("4 associations, CPU: %d cores / (storescu %.0f + %s %.0f + kernel storing %.0f us per instance, 4 at "
          "once): at most %.0f img/s = x%.2f of storescp (%.0f); the target x1.2 is %.0f"
          % (cores, client, who, server, kcpu, b4, b4 / scp4, scp4, 1.2 * scp4))
# the listeners that store nothing, on 4 associations: 4 storescu processes starting, negotiating and sending
# with nothing stored; an SCP that also stores cannot be faster (measured at 1,855-2,350 img/s here, about
# x1.2-1.5 of storescp: the client side, not the 2 cores, sets the pace)
floors4 = [x for x in (g("storescp_ignore", "parallel4_img_per_s"), g("gateway_discard", "parallel4_img_per_s")) if x]
if scp4 and floors4:
    f4 = max(floors4)
    print("4 associations, floors: the faster listener that stores nothing %.0f img/s = x%.2f of storescp (%.0f); "
          "no SCP that stores can exceed it; the target x1.2 is %.0f" % (f4, f4 / scp4, scp4, 1.2 * scp4))
    if kcpu:
        e4 = 1 / (1 / f4 + kcpu * 1e-6 / cores)
        print("  with the kernel's storing (%.0f us per instance, 4 at once) added on %d cores: about %.0f img/s = "
              "x%.2f of storescp" % (kcpu, cores, e4, e4 / scp4))
# the gateway as it is on 1 association (where the probe measured its CPU): its own CPU per instance and its
# client's, shared by the cores, as if nothing ever waited for a sync; and the CPU per instance the target would leave
gw_s, gw_c = g("gateway", "server_cpu_us_per_instance"), g("gateway", "client_cpu_us_per_instance")
if scp1 and gw_s and gw_c:
    bg = cores * 1e6 / (gw_s + gw_c)
    budget = cores * 1e6 / (1.2 * scp1) - gw_c
    print("gateway CPU: %d cores / (storescu %.0f + gateway %.0f us per instance): at most %.0f img/s = x%.2f of "
          "storescp on 1 association (%.0f); the target x1.2 leaves the gateway %.0f us per instance"
          % (cores, gw_c, gw_s, bg, bg / scp1, scp1, budget))
fs4 = g("floor_concurrent", "img_per_s")
if scp4 and fs4:
    print("4 threads storing alone (no DICOM, no index, no client): %.0f instances/s = x%.2f of storescp on 4 "
          "associations" % (fs4, fs4 / scp4))
PYEOF
fi
rm -rf "$WORK/gw" "$WORK"/scp_store*   # the archives and the files set aside, once every server is measured
