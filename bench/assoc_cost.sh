#!/bin/bash
# Usage: bench/assoc_cost.sh [WORKDIR]
#   What one association costs the server when a modality opens one per image (as many ultrasound machines
#   do): DCMTK storescu, which proposes 128 presentation contexts (every storage SOP class it knows), sends one
#   small image per association, N times. Measured: the server process's CPU time per association (user +
#   system, from /proc) and associations per second, for the gateway's listener (StoreServerMain --discard:
#   negotiation, DIMSE and the data set read, nothing stored, so the association's own cost shows) and, in the
#   same run, DCMTK storescp --ignore (without --fork, so that its CPU is its own process's).
#   Environment (optional): N=300 (measured associations)  WARM=1500 (unmeasured associations first, so that
#   the gateway's JIT has compiled the negotiation; storescp gets 100)  CORPUS=<gen_data.py output>
#   GW_JVM_OPTS (default: the launcher's DEFAULT_JVM_OPTS)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/bench}
[ -f "$BENCH/lib.sh" ] || BENCH=/work/shared/bench
source "$BENCH/lib.sh"
WORK=${1:-$(mktemp -d /tmp/assoc-cost.XXXXXX)}
mkdir -p "$WORK"
N=${N:-300}
WARM=${WARM:-1500}
GW_JVM_OPTS=${GW_JVM_OPTS-$(sed -n 's/^DEFAULT_JVM_OPTS="\(.*\)"$/\1/p' "$ROOT/mipgw")}
H=127.0.0.1
declare -A SPID
trap 'stop_all_servers' EXIT
trap 'exit 130' INT TERM

echo "==== assoc_cost $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) n=$N warm=$WARM"
if [ -z "${CORPUS:-}" ] || [ ! -d "$CORPUS/small" ]; then
  CORPUS=$WORK/corpus
  timeout 1200 $PY "$BENCH/gen_data.py" "$CORPUS" --small 1 --large 0 >/dev/null || exit 1
fi
IMAGE=$(ls "$CORPUS"/small/*.dcm | head -1)
(cd "$ROOT" && mvn -B -q -o -pl storescp -am test-compile dependency:build-classpath \
   -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
CP="$ROOT/storescp/target/test-classes:$ROOT/storescp/target/classes:$ROOT/gateway-core/target/classes"
CP="$CP:$ROOT/gateway-core/target/test-classes:$ROOT/config/target/classes:$(cat "$WORK/cp.txt")"

# measure LABEL PID PORT AE WARM: WARM unmeasured associations, then N measured ones
measure() {
  local label=$1 pid=$2 port=$3 ae=$4 warm=$5 i c0 c1 s e tck
  tck=$(getconf CLK_TCK)
  for ((i = 0; i < warm; i++)); do storescu -aec "$ae" $H "$port" "$IMAGE" >/dev/null 2>&1; done
  c0=$(awk '{print $14+$15}' "/proc/$pid/stat"); s=$(date +%s%N)
  for ((i = 0; i < N; i++)); do
    storescu -aec "$ae" $H "$port" "$IMAGE" >/dev/null 2>&1 || echo "storescu failed against $label" >&2
  done
  c1=$(awk '{print $14+$15}' "/proc/$pid/stat"); e=$(date +%s%N)
  local us=$(( (c1 - c0) * 1000000 / tck / N )) rate=$(( N * 1000000000 / (e - s) ))
  log "$label: server CPU $us us per association, $rate associations/s ($N associations of 1 image, 128 contexts proposed)"
  echo "RESULT|assoc|$label|server_cpu_us_per_association|$us|us"
  echo "RESULT|assoc|$label|associations_per_s|$rate|1/s"
}

P=$(free_port)
# shellcheck disable=SC2086
start_server gateway_discard "$WORK/gateway.log" java -Xmx256m $GW_JVM_OPTS -cp "$CP" \
  org.mip.gateway.storescp.StoreServerMain --discard "$P"
wait_echo $H "$P" MIPGW 60 || { cat "$WORK/gateway.log"; exit 1; }
measure gateway_discard "${SPID[gateway_discard]}" "$P" MIPGW "$WARM" | tee "$WORK/gateway.txt"
stop_server gateway_discard

P=$(free_port)
start_server storescp_ignore "$WORK/storescp.log" storescp --ignore -aet STORESCP "$P"
wait_echo $H "$P" STORESCP 30
measure storescp_ignore "${SPID[storescp_ignore]}" "$P" STORESCP 100 | tee "$WORK/storescp.txt"
stop_server storescp_ignore

g=$(awk -F'|' '$4=="server_cpu_us_per_association" {print $5}' "$WORK/gateway.txt")
r=$(awk -F'|' '$4=="server_cpu_us_per_association" {print $5}' "$WORK/storescp.txt")
[ -n "$g" ] && [ -n "$r" ] && [ "$r" -gt 0 ] && \
  echo "gateway --discard / storescp --ignore, server CPU per association: x$(echo "scale=2; $g / $r" | bc)"
