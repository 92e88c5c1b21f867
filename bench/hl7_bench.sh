#!/bin/bash
# Usage: bench/hl7_bench.sh [WORKDIR]
#   The gateway's HL7 side against the shared reference MLLP ACK server (SHARED_BENCH/mllp_ack_server.py),
#   in the same run.  Starts the packaged gateway (gateway-app/target/mipgw.jar; built with
#   `mvn -q -o -DskipTests package` when missing) on free ports with an H2 database in WORKDIR/data, one
#   hl7.referrers entry pointing to the ACK server, and stops everything it started, by PID.
#     (a) inbound: K ORM^O01 v2.5 orders (bench/hl7_bench.py orders: one accession each, every field of the
#         CONTRACT.md mapping) sent with python3-hl7's `mllp_send -f` over one connection, then split over PAR
#         connections; orders/s with every ACK checked AA.  The same messages go to the ACK server => ratio.
#     (b) outbound: K reports POSTed to /api/v1/reports (for the orders of (a), 4 client threads), the
#         referrer being the ACK server; ORUs/s from the first POST to the last ACK (deliveredAt in
#         GET /api/v1/outbox), every report delivered.  Against: `mllp_send` of K ORU^R01 (SHARED_BENCH/gen_hl7.py)
#         to the same ACK server => ratio.
#     (c) N orders, one at a time over one MLLP connection; on each AA `findscu -W` is run for its accession
#         until the answer holds it: p50/p99 (nearest rank) of AA -> found, and the findscu run time for an
#         accession that does not exist (the client's own cost, ~all of the figure when the first run finds it).
#   (a) and (b) run REPS times (fresh accessions each time) after WARMUP orders and reports that are not
#   counted (JIT); figures are medians.  Prints RESULT|hl7gw|<target>|<metric>|<value>|<unit> lines and a
#   summary with the ratios, plus the machine's load (loadavg, CPU busy seconds of the whole machine).
#   Environment: K=1000 PAR=4 N=50 REPS=3 WARMUP=300 SHARED_BENCH=/work/shared/bench JAVA_OPTS=-Xmx512m
#     TIMEOUT_S=600 (per step)  SKIP_BUILD=0
#   Example (about 2-3 min on 2 cores): bench/hl7_bench.sh 2>&1 | tee bench/RESULTS-hl7.txt
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-/work/shared/bench}
source "$SHARED_BENCH/lib.sh"
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] && usage
WORK=${1:-$(mktemp -d /tmp/hl7_bench_gw.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
K=${K:-1000}
PAR=${PAR:-4}
N=${N:-50}
REPS=${REPS:-3}
WARMUP=${WARMUP:-300}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
TOOL="$PY $ROOT/bench/hl7_bench.py"
JAR=$ROOT/gateway-app/target/mipgw.jar
FAILS=0

cleanup() { stop_all_servers; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -f "$JAR" ] && [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -q -o -DskipTests package) || { echo "build failed" >&2; exit 1; }
fi
[ -f "$JAR" ] || { echo "no $JAR" >&2; exit 1; }

T0=$(now_ns); CPU0=$(cpu_busy_s)
log "hl7 bench: K=$K PAR=$PAR N=$N REPS=$REPS WARMUP=$WARMUP work=$WORK"
log "machine: $(nproc) cores, loadavg $(loadavg) at start; busiest other processes:"
ps -eo pid,pcpu,etime,comm --sort=-pcpu | head -6 | sed 's/^/    /'

# ---- servers: the reference ACK server (also the gateway's referrer) and the gateway
ACK_PORT=$(free_port); HTTP_PORT=$(free_port); HL7_PORT=$(free_port); DICOM_PORT=$(free_port)
start_server ack "$WORK/ack.log" $PY "$SHARED_BENCH/mllp_ack_server.py" "$ACK_PORT" --max-seconds 3600
wait_port 127.0.0.1 "$ACK_PORT" 20 || { echo "ACK server did not start" >&2; exit 1; }
cat >"$WORK/gateway.yaml" <<EOF
hl7:
  referrers:
    - {id: bench, facility: BENCHRIS, host: 127.0.0.1, port: $ACK_PORT, version: "2.5"}
mwl:
  stations:
    - {aet: MRI1, modality: MR, name: Bench MRI}
EOF
JAVA=${JAVA:-java}
# shellcheck disable=SC2086
start_server gateway "$WORK/gateway.log" env TCP_NODELAY=1 "$JAVA" $JAVA_OPTS -jar "$JAR" run --config "$WORK/gateway.yaml" \
  --set "data.dir=$WORK/data" --set "http.port=$HTTP_PORT" --set "hl7.port=$HL7_PORT" --set "dicom.port=$DICOM_PORT"
BASE=http://127.0.0.1:$HTTP_PORT
for ((i = 0; i < 600; i++)); do
  curl -fs "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "${SPID[gateway]}" 2>/dev/null || { echo "gateway exited:" >&2; tail -20 "$WORK/gateway.log" >&2; exit 1; }
  sleep 0.1
done
curl -fs "$BASE/health" >/dev/null || { echo "gateway not healthy after 60 s" >&2; exit 1; }
log "gateway up: MLLP $HL7_PORT, DICOM $DICOM_PORT, HTTP $HTTP_PORT; ACK server $ACK_PORT"

bl=()
for ((i = 0; i < 5; i++)); do s=$(now_ns); mllp_send --version >/dev/null 2>&1; e=$(now_ns); bl+=("$(secs "$s" "$e")"); done
STARTUP=$(median "${bl[@]}")
log "mllp_send start-up (python): $(div "$STARTUP" 0.001 %.1f) ms (in every mllp_send figure, once per process)"
result hl7gw client mllp_send_startup_ms "$(div "$STARTUP" 0.001 %.1f)" ms

# send FILE PORT LABEL -> seconds; checks that every ACK is AA
send_one() {
  local f=$1 port=$2 label=$3 n=$4 s e ok bad
  s=$(now_ns)
  timeout "$TIMEOUT_S" mllp_send -f "$f" -p "$port" 127.0.0.1 >"$f.$label.acks" 2>"$f.$label.err"
  local rc=$?; e=$(now_ns)
  read -r ok bad < <($TOOL count-acks "$f.$label.acks")
  [ $rc -eq 0 ] && [ "$ok" = "$n" ] || { FAILS=$((FAILS + 1)); log "WARN $label: rc=$rc AA=$ok other=$bad $(tail -1 "$f.$label.err")"; }
  secs "$s" "$e"
}
send_par() {
  local f=$1 port=$2 label=$3 n=$4 s e c pids=() rcs=0 ok bad
  s=$(now_ns)
  for ((c = 0; c < PAR; c++)); do
    timeout "$TIMEOUT_S" mllp_send -f "$f.$c" -p "$port" 127.0.0.1 >"$f.$c.$label.acks" 2>"$f.$c.$label.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
  e=$(now_ns)
  read -r ok bad < <($TOOL count-acks "$f".?."$label".acks)
  [ $rcs -eq 0 ] && [ "$ok" = "$n" ] || { FAILS=$((FAILS + 1)); log "WARN $label: failed=$rcs AA=$ok other=$bad"; }
  secs "$s" "$e"
}

# ---- warm-up (not counted): orders and their reports through the gateway
$TOOL orders "$WORK/warm.mllp" "$WARMUP" --prefix W >/dev/null
log "warm-up: $WARMUP orders in $(send_one "$WORK/warm.mllp" "$HL7_PORT" gw "$WARMUP") s"
read -r _ _ _ wd wf _ < <(timeout "$TIMEOUT_S" $TOOL reports "$BASE" W "$WARMUP")
log "warm-up: $WARMUP reports, $wd delivered, $wf failed"

# ---- (a) inbound and (b) outbound, REPS times
declare -a A_GW A_REF P_GW P_REF B_GW B_REF B_POST
for ((r = 1; r <= REPS; r++)); do
  $TOOL orders "$WORK/o$r.mllp" "$K" --prefix "A${r}R" >/dev/null
  $TOOL orders "$WORK/p$r.mllp" "$K" --prefix "P${r}R" --chunks "$PAR" >/dev/null
  t=$(send_one "$WORK/o$r.mllp" "$HL7_PORT" gw "$K"); A_GW+=("$t")
  t2=$(send_one "$WORK/o$r.mllp" "$ACK_PORT" ref "$K"); A_REF+=("$t2")
  log "(a) rep $r: $K orders, 1 connection: gateway $t s ($(div "$K" "$t" %.0f)/s), ACK server $t2 s ($(div "$K" "$t2" %.0f)/s)"
  t=$(send_par "$WORK/p$r.mllp" "$HL7_PORT" gw "$K"); P_GW+=("$t")
  t2=$(send_par "$WORK/p$r.mllp" "$ACK_PORT" ref "$K"); P_REF+=("$t2")
  log "(a) rep $r: $K orders, $PAR connections: gateway $t s ($(div "$K" "$t" %.0f)/s), ACK server $t2 s ($(div "$K" "$t2" %.0f)/s)"

  read -r first last posted delivered failed post_s < <(timeout "$TIMEOUT_S" $TOOL reports "$BASE" "A${r}R" "$K")
  [ "${delivered:-0}" = "$K" ] || { FAILS=$((FAILS + 1)); log "WARN (b): delivered=${delivered:-?} failed=${failed:-?} of $K"; }
  t=$(secs "${first:-0}" "${last:-0}"); B_GW+=("$t"); B_POST+=("$post_s")
  $PY "$SHARED_BENCH/gen_hl7.py" "$WORK/oru$r.mllp" "$K" --start $((r * 1000000)) >/dev/null
  t2=$(send_one "$WORK/oru$r.mllp" "$ACK_PORT" ref "$K"); B_REF+=("$t2")
  log "(b) rep $r: $K reports: first POST -> last ACK $t s ($(div "$K" "$t" %.0f)/s; posting took $post_s s), mllp_send of $K ORU^R01 to the ACK server $t2 s ($(div "$K" "$t2" %.0f)/s)"
done

# ---- (c) AA -> findscu latency
log "(c) $N orders one at a time; findscu -W after each AA"
timeout "$TIMEOUT_S" $TOOL latency "$HL7_PORT" "$DICOM_PORT" "$N" --prefix LAT >"$WORK/latency.txt" || FAILS=$((FAILS + 1))
mapfile -t LAT < <(grep -v baseline "$WORK/latency.txt" | awk '{print $1}')
RUNS_MAX=$(grep -v baseline "$WORK/latency.txt" | awk 'BEGIN{m=0} $2>m{m=$2} END{print m}')
FIND_BASE=$(awk '/baseline_ms/{print $2}' "$WORK/latency.txt")
pct() { printf '%s\n' "${LAT[@]}" | sort -g | awk -v p="$1" '{v[NR]=$1} END{i=int((p*NR+99)/100); if(i<1)i=1; if(i>NR)i=NR; print v[i]}'; }
P50=$(pct 50); P99=$(pct 99); PMAX=$(printf '%s\n' "${LAT[@]}" | sort -g | tail -1)
[ "${#LAT[@]}" = "$N" ] || { FAILS=$((FAILS + 1)); log "WARN (c): ${#LAT[@]} samples of $N"; }

CPU1=$(cpu_busy_s); T1=$(now_ns)
WALL=$(secs "$T0" "$T1")
GW_CPU=$(awk '{print ($14+$15)/'"$(getconf CLK_TCK)"'}' "/proc/${SPID[gateway]}/stat" 2>/dev/null || echo nan)

mA=$(median "${A_GW[@]}"); mAr=$(median "${A_REF[@]}"); mP=$(median "${P_GW[@]}"); mPr=$(median "${P_REF[@]}")
mB=$(median "${B_GW[@]}"); mBr=$(median "${B_REF[@]}"); mBp=$(median "${B_POST[@]}")
rA=$(div "$K" "$mA" %.0f); rAr=$(div "$K" "$mAr" %.0f); rP=$(div "$K" "$mP" %.0f); rPr=$(div "$K" "$mPr" %.0f)
rB=$(div "$K" "$mB" %.0f); rBr=$(div "$K" "$mBr" %.0f)
result hl7gw gateway in_1conn_orders_per_s "$rA" msg/s
result hl7gw ackserver in_1conn_orders_per_s "$rAr" msg/s
result hl7gw gateway in_par${PAR}_orders_per_s "$rP" msg/s
result hl7gw ackserver in_par${PAR}_orders_per_s "$rPr" msg/s
result hl7gw gateway out_orus_per_s "$rB" msg/s
result hl7gw ackserver out_mllp_send_orus_per_s "$rBr" msg/s
result hl7gw gateway out_post_s "$mBp" s
result hl7gw gateway aa_to_findscu_p50_ms "$P50" ms
result hl7gw gateway aa_to_findscu_p99_ms "$P99" ms
result hl7gw gateway aa_to_findscu_max_ms "$PMAX" ms
result hl7gw client findscu_notfound_ms "$FIND_BASE" ms
result hl7gw machine busy_cpu_s "$(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN{printf "%.1f", b-a}')" s
result hl7gw machine wall_s "$WALL" s
result hl7gw gateway process_cpu_s "$GW_CPU" s
result hl7gw all failures "$FAILS" count

echo "---- hl7 bench summary (median of $REPS; K=$K; mllp_send start-up ~$(div "$STARTUP" 0.001 %.0f) ms is in every (a)/(b-ref) figure) ----"
printf '%-52s %10s %12s %8s\n' "figure" "gateway" "ACK server" "ratio"
printf '%-52s %10s %12s %8s\n' "(a) orders in, 1 connection, AA checked [msg/s]" "$rA" "$rAr" "$(div "$rA" "$rAr")"
printf '%-52s %10s %12s %8s\n' "(a) orders in, $PAR connections, AA checked [msg/s]" "$rP" "$rPr" "$(div "$rP" "$rPr")"
printf '%-52s %10s %12s %8s\n' "(b) ORU out, POST -> referrer AA [msg/s]" "$rB" "$rBr" "$(div "$rB" "$rBr")"
echo "    (b) gateway: posting the $K reports alone took ${mBp} s (4 HTTP threads); reference: mllp_send of $K ORU^R01 to the ACK server"
echo "(c) AA -> in findscu -W answer, N=$N: p50 ${P50} ms, p99 ${P99} ms (nearest rank: with N < 100 the slowest sample), max ${PMAX} ms;"
echo "    findscu runs per sample at most ${RUNS_MAX}; one findscu run for an accession that does not exist: ${FIND_BASE} ms"
echo "machine: $(nproc) cores; loadavg at end $(loadavg); whole-machine busy CPU $(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN{printf "%.1f", b-a}') s in ${WALL} s wall (gateway process: ${GW_CPU} s)"
echo "failures: $FAILS"
exit 0
