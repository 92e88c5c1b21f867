#!/bin/bash
# Usage: bench/parse_bench.sh [WORKDIR]
#   DICOM toolkit parse and streaming figures, each beside a reference peer measured in the same run:
#     (1) MR_small.dcm (pydicom test file) parsed from memory into a data set, ops/s:
#         gateway toolkit (JMH ParseBenchmark.mrSmallReadDataset)  vs  pydicom 2.3 dcmread (timeit)
#     (2) a generated ~200 MB multi-frame MR file copied read->write, MB/s:
#         gateway toolkit, streamed under -Xmx64m (StreamCopyMain)  vs  DCMTK dcmconv (same syntax, and to BE)
#   Prints RESULT|parse|TARGET|METRIC|VALUE|UNIT lines and the ratios. Figures only: nothing is asserted.
#   Environment: JMH_ARGS (default "-f 1 -wi 3 -i 5 -w 2 -r 2"), MB=200, PY=/usr/bin/python3
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$(mktemp -d /tmp/parse-bench.XXXXXX)}
mkdir -p "$WORK"
PY=${PY:-/usr/bin/python3}
MB=${MB:-200}
JMH_ARGS=${JMH_ARGS:-"-f 1 -wi 3 -i 5 -w 2 -r 2"}
MR_SMALL=/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm
JAR=$ROOT/gateway-core/target/benchmarks.jar

echo "==== parse_bench $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) work=$WORK"
echo "versions: $(java -version 2>&1 | head -n 1); $(dcmconv --version 2>/dev/null | head -n 1); pydicom $($PY -c 'import pydicom; print(pydicom.__version__)')"
(cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl gateway-core -am -Pjmh -DskipTests package)

# (1) MR_small: toolkit (JMH) and pydicom
java -jar "$JAR" 'ParseBenchmark.mrSmallReadDataset' $JMH_ARGS -rf csv -rff "$WORK/jmh.csv" > "$WORK/jmh.log" 2>&1
ours=$($PY -c "import csv,sys; r=[x for x in csv.DictReader(open('$WORK/jmh.csv')) if x['Benchmark'].endswith('mrSmallReadDataset')][0]; print('%.0f' % float(r['Score']))")
echo "RESULT|parse|gateway|mr_small_ops_per_s|$ours|ops/s"
ref=$($PY - "$MR_SMALL" <<'PYEOF'
import io, sys, timeit
import pydicom
data = open(sys.argv[1], 'rb').read()
def parse():
    ds = pydicom.dcmread(io.BytesIO(data))
    for elem in ds.iterall():  # force every value to be converted, as the toolkit does
        elem.value
n = 500
best = min(timeit.repeat(parse, number=n, repeat=5))
print('%.0f' % (n / best))
PYEOF
)
echo "RESULT|parse|pydicom|mr_small_ops_per_s|$ref|ops/s"

# (2) 200 MB multi-frame: streamed copy under -Xmx64m, and dcmconv on the same file
java -Xmx64m -cp "$JAR" org.mip.gateway.dicom.io.bench.StreamCopyMain "$WORK" "$MB" keep | tee "$WORK/stream.log"
same=$(awk '/copied to same syntax/ {gsub(/[()]/,""); print $(NF-1)}' "$WORK/stream.log")
be=$(awk '/copied to Explicit VR Big Endian/ {gsub(/[()]/,""); print $(NF-1)}' "$WORK/stream.log")
echo "RESULT|parse|gateway|copy_${MB}MB_same_MB_per_s|$same|MB/s"
echo "RESULT|parse|gateway|copy_${MB}MB_to_be_MB_per_s|$be|MB/s"
SRC=$WORK/multiframe.dcm
size=$(stat -c %s "$SRC")
t() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t0 $t1" | awk -v b="$size" '{printf "%.0f", b/1e6/($2-$1)}'; }
dsame=$(t dcmconv +te "$SRC" "$WORK/dcmconv-same.dcm")
dbe=$(t dcmconv +tb "$SRC" "$WORK/dcmconv-be.dcm")
echo "RESULT|parse|dcmconv|copy_${MB}MB_same_MB_per_s|$dsame|MB/s"
echo "RESULT|parse|dcmconv|copy_${MB}MB_to_be_MB_per_s|$dbe|MB/s"
rm -f "$SRC" "$WORK"/dcmconv-*.dcm

echo
printf '%-40s %12s %12s %8s\n' "figure" "gateway" "reference" "ratio"
printf '%-40s %12s %12s %8.2f\n' "MR_small parse [ops/s] vs pydicom" "$ours" "$ref" "$(echo "$ours $ref" | awk '{print $1/$2}')"
printf '%-40s %12s %12s %8.2f\n' "${MB} MB copy, same syntax [MB/s] vs dcmconv" "$same" "$dsame" "$(echo "$same $dsame" | awk '{print $1/$2}')"
printf '%-40s %12s %12s %8.2f\n' "${MB} MB copy, to big endian [MB/s] vs dcmconv" "$be" "$dbe" "$(echo "$be $dbe" | awk '{print $1/$2}')"
echo "(gateway copies run with -Xmx64m; the file is ${size} bytes)"
