#!/usr/bin/env bash
# C-ECHO benchmark: (a) echo round trips per second on ONE association, (b) associations per second
# (open, echo, release), each against our SCP and against DCMTK storescp (reference) in the same run.
# Clients: our Java client (EchoBench) and N parallel DCMTK echoscu loops. Prints figures and ratios.
#   bench/echo_bench.sh [SECONDS] [ECHOSCU_PROCS]
# Needs: dcmtk; builds gateway-core/target/benchmarks.jar (jmh profile) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
PROCS=${2:-4}
export TCP_NODELAY=1   # DCMTK leaves Nagle on otherwise (shared/PEERS.md)
JAR=gateway-core/target/benchmarks.jar
[[ -f $JAR ]] || mvn -B -q -pl gateway-core -am -Pjmh -DskipTests package
JAVA=(java -cp "$JAR" org.mip.gateway.net.bench.EchoBench)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

OUR_PORT=$(free_port); "${JAVA[@]}" serve "$OUR_PORT" >/dev/null 2>&1 & PIDS+=($!)
REF_PORT=$(free_port); storescp --fork -aet MIPGW "$REF_PORT" >/dev/null 2>&1 & PIDS+=($!)
wait_port "$OUR_PORT"; wait_port "$REF_PORT"

# N echoscu processes in a loop for SECS seconds; prints associations/s.
echoscu_assoc() {
    local port=$1 dir; dir=$(mktemp -d)
    for i in $(seq "$PROCS"); do
        ( end=$((SECONDS + SECS)); n=0
          while (( SECONDS < end )); do echoscu -aec MIPGW 127.0.0.1 "$port" && n=$((n + 1)); done
          echo "$n" > "$dir/$i" ) &
    done
    wait
    awk -v s="$SECS" '{t += $1} END {printf "%.0f\n", t / s}' "$dir"/*
    rm -rf "$dir"
}

figure() { awk -v k="$1" '$1 == k {print $2}'; }

ours_rtt=$("${JAVA[@]}" rtt "MIPGW@127.0.0.1:$OUR_PORT" "$SECS" | figure echo_per_s)
ref_rtt=$("${JAVA[@]}" rtt "MIPGW@127.0.0.1:$REF_PORT" "$SECS" | figure echo_per_s)
ours_assoc=$("${JAVA[@]}" assoc "MIPGW@127.0.0.1:$OUR_PORT" "$SECS" | figure assoc_per_s)
ref_assoc=$("${JAVA[@]}" assoc "MIPGW@127.0.0.1:$REF_PORT" "$SECS" | figure assoc_per_s)
ours_echoscu=$(echoscu_assoc "$OUR_PORT")
ref_echoscu=$(echoscu_assoc "$REF_PORT")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.2f" : "n/a"), (b > 0 ? a / b : 0)}'; }
printf '%-44s %12s %12s %8s\n' "figure" "MIP SCP" "storescp" "ratio"
printf '%-44s %12s %12s %8s\n' "C-ECHO/s, one association (Java client)" "$ours_rtt" "$ref_rtt" "$(ratio "$ours_rtt" "$ref_rtt")"
printf '%-44s %12s %12s %8s\n' "associations/s (Java client, sequential)" "$ours_assoc" "$ref_assoc" "$(ratio "$ours_assoc" "$ref_assoc")"
printf '%-44s %12s %12s %8s\n' "associations/s ($PROCS x echoscu)" "$ours_echoscu" "$ref_echoscu" "$(ratio "$ours_echoscu" "$ref_echoscu")"
