#!/bin/bash
# Usage: bench/mwl_bench_target.sh [WORKDIR]
#   MWL C-FIND latency of the gateway's worklist SCP against DCMTK wlmscpfs on the same generated worklists,
#   in the same run.  For each N in MWL_NS (default "1000 100000"):
#     1. generates N items with the shared harness (gen_data.py --mwl N -> CORPUS/mwl/WL<N>/item*.wl,
#        expected counts in WL<N>.json; reused when already there),
#     2. starts our SCP (org.mip.gateway.mwl.scp.MwlServerMain on the mwl-server test class path: H2 file
#        database in WORKDIR unless DB_URL/DB_USER/DB_PASSWORD name another, e.g. PostgreSQL) and imports the
#        .wl files through the booking service (import time is printed),
#     3. starts wlmscpfs -dfp CORPUS/mwl on a free port (TCP_NODELAY=1),
#     4. runs the shared bench/mwl_bench.sh against both (median + the item-count check, RUNS_SHARED runs),
#     5. runs its own loop for p50/p99 (nearest rank), alternating the two servers run by run:
#          a_station  today's MR items for one station: Modality=MR, SPS Start Date=MWL_DATE, Station AE=MR1
#          a_mr_date  MR on one date (the shared bench's query a)
#          b_name     PatientName=SMI*
#          c_all      universal query (all return keys empty)
#        and prints a table with the ratios gateway/wlmscpfs.
#   Every client is `findscu -W -ll warn ... -Xs FILE.xml` as in mwl_bench.sh: one process and association
#   per query, so each figure includes the ~20 ms findscu start-up (printed as client_startup).
#   Environment: MWL_NS="1000 100000"  RUNS=20 (a/b)  RUNS_ALL=10 (c; at N>=50000 default 5)  RUNS_SHARED=5
#     CORPUS=<WORKDIR>/corpus  MWL_DATE=20240115  DB_URL= DB_USER= DB_PASSWORD= (an empty database; one per N)
#     JAVA_OPTS=  SKIP_BUILD=0  SHARED_BENCH=/work/shared/bench  TIMEOUT_S=600
#     CHECK_PATIENT_NAMES=1: count with pydicom what b_name should return from a gateway that keeps one name per
#       Patient ID (the generator gives some Patient IDs two names; see the note printed at the end)
#   Example (about 25 min on 2 cores): bench/mwl_bench_target.sh /tmp/mwlb 2>&1 | tee /tmp/mwlb.txt
#   Prints RESULT|mwl|<target>|<metric>|<value>|<unit> lines (summarize.py format) and a summary table.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-/work/shared/bench}
source "$SHARED_BENCH/lib.sh"
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] && usage
WORK=${1:-$(mktemp -d /tmp/mwl_bench_target.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
CORPUS=${CORPUS:-$WORK/corpus}
MWL_NS=${MWL_NS:-"1000 100000"}
RUNS=${RUNS:-20}
RUNS_SHARED=${RUNS_SHARED:-5}
MWL_DATE=${MWL_DATE:-20240115}
CALLING_AE=${CALLING_AE:-BENCHSCU}
export TCP_NODELAY=1
SUMMARY=$WORK/summary.txt
: >"$SUMMARY"; : >"$SUMMARY.notes"

cleanup() { stop_all_servers; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build our SCP's class path (test classes: MwlServerMain lives there until the gateway wires MWL)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building mwl-server (test-compile) and its class path"
  (cd "$ROOT" && mvn -B -q -pl mwl-server -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test) || { echo "build failed" >&2; exit 1; }
fi
CP="$ROOT/mwl-server/target/test-classes:$ROOT/mwl-server/target/classes:$(cat "$ROOT/mwl-server/target/bench-cp.txt")"
cat >"$WORK/logback-bench.xml" <<'EOF'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.mip.gateway.mwl.BookingService" level="WARN"/>
  <logger name="org.mip.gateway.net.ul" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
EOF

SPS=ScheduledProcedureStepSequence[0]
RETURN_KEYS=(PatientName PatientID PatientBirthDate PatientSex AccessionNumber
  RequestedProcedureID RequestedProcedureDescription StudyInstanceUID ReferringPhysicianName
  "$SPS.Modality" "$SPS.ScheduledStationAETitle" "$SPS.ScheduledProcedureStepStartDate"
  "$SPS.ScheduledProcedureStepStartTime" "$SPS.ScheduledProcedureStepID"
  "$SPS.ScheduledProcedureStepDescription" "$SPS.ScheduledPerformingPhysicianName")

# keys "KEY=VAL"... -> the -k arguments: return keys, with the matching values given in their place
keys() {
  local -A m=(); local kv k
  for kv in "$@"; do m[${kv%%=*}]=$kv; done
  for k in "${RETURN_KEYS[@]}"; do printf '%s\n' -k "${m[$k]:-$k}"; done
}

query_keys() { # name -> -k lines
  case $1 in
    a_station) keys "$SPS.Modality=MR" "$SPS.ScheduledProcedureStepStartDate=$MWL_DATE" "$SPS.ScheduledStationAETitle=MR1" ;;
    a_mr_date) keys "$SPS.Modality=MR" "$SPS.ScheduledProcedureStepStartDate=$MWL_DATE" ;;
    b_name) keys "PatientName=SMI*" ;;
    c_all) keys ;;
  esac
}

# one_query PORT AE NAME OUTFILE -> prints "seconds items"
one_query() {
  local port=$1 ae=$2 name=$3 xml=$4 s e c rc
  local -a args; mapfile -t args < <(query_keys "$name")
  rm -f "$xml"
  s=$(now_ns)
  timeout "$TIMEOUT_S" findscu -W -ll warn -aet "$CALLING_AE" -aec "$ae" 127.0.0.1 "$port" "${args[@]}" -Xs "$xml" \
    >"$xml.log" 2>&1
  rc=$?
  e=$(now_ns)
  c=$( [ -f "$xml" ] && grep -c '<data-set' "$xml" || echo 0)
  [ $rc -eq 0 ] || echo "findscu rc=$rc ($name on $port): $(head -c 300 "$xml.log")" >&2
  echo "$(secs "$s" "$e") $c"
}

# pct P values... -> nearest-rank percentile
pct() { local p=$1; shift; printf '%s\n' "$@" | sort -g | awk -v p="$p" '{v[NR]=$1} END{ if (NR==0) {print "nan"; exit}
  r=int((p/100)*NR + 0.999999); if (r<1) r=1; if (r>NR) r=NR; printf "%.4f\n", v[r] }'; }
ms() { awk -v s="$1" 'BEGIN{printf "%.1f", s*1000}'; }

# client start-up baseline (findscu against a closed port)
port0=$(free_port); bl=()
for ((i = 0; i < 10; i++)); do
  s=$(now_ns); timeout 60 findscu -W -aet "$CALLING_AE" -aec X 127.0.0.1 "$port0" -k PatientName >/dev/null 2>&1
  bl+=("$(secs "$s" "$(now_ns)")")
done
STARTUP_MS=$(ms "$(median "${bl[@]}")")
result mwl findscu client_startup_ms "$STARTUP_MS" ms

for N in $MWL_NS; do
  AE=WL$N
  if [ ! -f "$CORPUS/mwl/$AE.json" ] || [ "$(find "$CORPUS/mwl/$AE" -name '*.wl' 2>/dev/null | wc -l)" -ne "$N" ]; then
    log "generating $N worklist items into $CORPUS/mwl/$AE"
    s=$(now_ns)
    $PY "$SHARED_BENCH/gen_data.py" "$CORPUS" --only mwl --mwl "$N" || exit 1
    log "generated in $(secs "$s" "$(now_ns)") s"
  fi
  # ---- our SCP
  if [ -n "${DB_URL:-}" ]; then DBU=$DB_URL; else DBU="jdbc:h2:file:$WORK/h2-$N/db"; rm -rf "$WORK/h2-$N"; fi
  printf '%s\n' -Dlogback.configurationFile="$WORK/logback-bench.xml" -cp "$CP" >"$WORK/java.args"
  start_server gw "$WORK/gw.out" java ${JAVA_OPTS:-} @"$WORK/java.args" \
    org.mip.gateway.mwl.scp.MwlServerMain "$AE" 0 "$DBU" "${DB_USER:-sa}" "${DB_PASSWORD:-}" "$CORPUS/mwl/$AE"
  for ((i = 0; i < 36000; i++)); do
    grep -q '^LISTENING' "$WORK/gw.out" 2>/dev/null && break
    kill -0 "${SPID[gw]}" 2>/dev/null || { echo "our SCP exited; see $WORK/gw.out" >&2; exit 1; }
    sleep 0.1
  done
  GW_PORT=$(awk '/^LISTENING/{print $2}' "$WORK/gw.out")
  IMPORT=$(grep '^IMPORTED' "$WORK/gw.out")
  log "our SCP on port $GW_PORT: $IMPORT"
  result mwl "gateway-N$N" import_s "$(echo "$IMPORT" | awk '{print $(NF-1)}')" s
  # The gateway keeps one record per patient (PS3.4 K.6 patient level): where the generator gives one Patient ID
  # two names, every item of that patient carries the latest booking's name, so b_name may differ from the
  # generator's count. This is the count to expect from the gateway:
  if [ "${CHECK_PATIENT_NAMES:-1}" = 1 ]; then
    PN_EXP=$($PY - "$CORPUS/mwl/$AE" <<'PYEOF'
import glob, sys, pydicom
items, last = [], {}
for f in sorted(glob.glob(sys.argv[1] + "/item*.wl")):
    d = pydicom.dcmread(f, specific_tags=["PatientID", "PatientName"])
    items.append(str(d.PatientID)); last[str(d.PatientID)] = str(d.PatientName)
print(sum(1 for p in items if last[p].startswith("SMI")))
PYEOF
)
    log "b_name: the gateway should answer $PN_EXP items (one name per Patient ID, the latest booking's)"
    echo "N=$N b_name: generator expects $(grep -o '"patientname_SMI\*": [0-9]*' "$CORPUS/mwl/$AE.json" | awk '{print $2}'); one name per Patient ID (latest booking, PS3.4 K.6 patient level) gives $PN_EXP" >>"$SUMMARY.notes"
  fi
  # ---- wlmscpfs (forks one child per association, as in run_reference.sh)
  WLM_PORT=$(free_port)
  start_server wlmscpfs "$WORK/wlmscpfs-$N.log" env TCP_NODELAY=1 wlmscpfs -dfp "$CORPUS/mwl" "$WLM_PORT"
  wait_port 127.0.0.1 "$WLM_PORT" 20 || { echo "wlmscpfs did not start" >&2; exit 1; }
  wait_echo 127.0.0.1 "$GW_PORT" "$AE" 30 || exit 1

  # ---- the shared bench (median, count check against the generator's expectations)
  for t in "gateway-N$N:$GW_PORT" "wlmscpfs-N$N:$WLM_PORT"; do
    TARGET=${t%%:*} RUNS=$RUNS_SHARED MWL_DATE=$MWL_DATE EXPECT_JSON="$CORPUS/mwl/$AE.json" WORK="$WORK/shared-${t%%:*}" \
      "$SHARED_BENCH/mwl_bench.sh" 127.0.0.1 "${t##*:}" "$AE"
  done

  # ---- p50/p99, alternating the servers run by run
  runs_all=${RUNS_ALL:-$([ "$N" -ge 50000 ] && echo 5 || echo 10)}
  for q in a_station a_mr_date b_name c_all; do
    r=$RUNS; [ $q = c_all ] && r=$runs_all
    one_query "$GW_PORT" "$AE" "$q" "$WORK/warm.xml" >/dev/null     # warm-up, untimed
    one_query "$WLM_PORT" "$AE" "$q" "$WORK/warm.xml" >/dev/null
    gl=(); wl=(); gc=(); wc=()
    for ((i = 0; i < r; i++)); do
      read -r t c < <(one_query "$GW_PORT" "$AE" "$q" "$WORK/gw-$q.xml"); gl+=("$t"); gc+=("$c")
      read -r t c < <(one_query "$WLM_PORT" "$AE" "$q" "$WORK/wlm-$q.xml"); wl+=("$t"); wc+=("$c")
    done
    g50=$(pct 50 "${gl[@]}"); g99=$(pct 99 "${gl[@]}"); w50=$(pct 50 "${wl[@]}"); w99=$(pct 99 "${wl[@]}")
    gi=$(printf '%s\n' "${gc[@]}" | sort -u | tr '\n' ' '); wi=$(printf '%s\n' "${wc[@]}" | sort -u | tr '\n' ' ')
    for x in "gateway-N$N $g50 $g99 ${gc[0]}" "wlmscpfs-N$N $w50 $w99 ${wc[0]}"; do
      set -- $x
      result mwl "$1" "${q}_p50_ms" "$(ms "$2")" ms
      result mwl "$1" "${q}_p99_ms" "$(ms "$3")" ms
      result mwl "$1" "${q}_items" "$4" items
    done
    printf 'N=%-7s %-10s runs=%-3s items gw/wlm=%-14s gw p50 %8s p99 %8s | wlmscpfs p50 %8s p99 %8s | p50 gw/wlm %5s  p99 gw/wlm %5s\n' \
      "$N" "$q" "$r" "${gi% }/${wi% }" "$(ms "$g50")" "$(ms "$g99")" "$(ms "$w50")" "$(ms "$w99")" \
      "$(div "$g50" "$w50")" "$(div "$g99" "$w99")" | tee -a "$SUMMARY"
  done
  stop_server wlmscpfs
  stop_server gw
  mv "$WORK/gw.out" "$WORK/gateway-$N.log"
done

echo
echo "MWL C-FIND, findscu -W wall clock per query incl. ~${STARTUP_MS} ms findscu start-up (ms; nearest-rank p50/p99)"
cat "$SUMMARY" "$SUMMARY.notes"
echo "work dir: $WORK"
