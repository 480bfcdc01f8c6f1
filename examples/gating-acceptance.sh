#!/usr/bin/env bash
# End-to-end acceptance of release gating against the reference portal (issue 7), ~10-15 min on
# a 2-core machine: too long for the self-tests, so a script.
#   1. scan the secure portal (release r1), then with download-idor on (r2):
#      compare must report one new root cause, with exactly download-idor's findings beneath (all
#      objects/*), and exit 1;
#   2. verify against the secure portal again: every finding fixed, with positive controls;
#   3. the r2 scan in 2 shards, merged: same finding ids as the unsharded r2 scan;
#   4. SARIF of every report validates (self-test src/report/outputs.test.ts does the schema).
# Usage: bash examples/gating-acceptance.sh [port base, default 3150]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-3150}
OUT=reports/gating/acceptance
SPEC=tests/objects/piece-access.spec.ts
rm -rf "$OUT"
export CLOISON_POPULATION=seeds/matrix.json CLOISON_WORKERS=1 CLOISON_QUIET=1 CLOISON_RUN_ID=

scan() { # name port flaws release [extra playwright args]
  local name=$1 port=$2 flaws=$3 release=$4; shift 4
  CLOISON_PORT=$port CLOISON_REPORT_DIR=$OUT/$name PORTAL_FLAWS=$flaws CLOISON_RELEASE=$release \
    npx playwright test "$SPEC" "$@" >"$OUT-$name.log" 2>&1 || true
  test -f "$OUT/$name/findings.json" || { echo "FAIL: scan $name wrote no findings.json (see $OUT-$name.log)"; exit 1; }
}
mkdir -p "$OUT"
scan secure $BASE '' r1 &
scan idor $((BASE + 1)) download-idor r2 &
wait

echo "== compare r1 -> r2 (expect exit 1, only objects/* new)"
set +e; npm run -s compare -- $OUT/secure/findings.json $OUT/idor/findings.json >$OUT/compare.txt; rc=$?; set -e
cat $OUT/compare.txt | head -5
test $rc -eq 1 || { echo "FAIL: compare exit $rc, expected 1"; exit 1; }
grep -q '^NEW ROOT CAUSES (1)$' $OUT/compare.txt || { echo "FAIL: compare does not say 1 new root cause"; exit 1; }
node -e '
const [a,b]=process.argv.slice(1).map(f=>require(f));
const old=new Set(a.findings.map(f=>f.id)); const fresh=b.findings.filter(f=>!old.has(f.id));
if (a.findings.length!==0) throw new Error("secure portal not clean");
if (fresh.length===0 || fresh.length!==b.findings.length) throw new Error("new != r2 findings");
if (!fresh.every(f=>f.check.startsWith("objects/"))) throw new Error("a new finding is not objects/*");
console.log(`OK: ${fresh.length} new finding(s), all objects/*, secure run clean`);
' "$PWD/$OUT/secure/findings.json" "$PWD/$OUT/idor/findings.json"

echo "== verify r2 findings against the secure portal (expect all fixed)"
CLOISON_PORT=$((BASE + 2)) CLOISON_REPORT_DIR=$OUT/verify CLOISON_RELEASE=r3 npm run -s verify -- $OUT/idor/findings.json | tail -3

echo "== 2 shards of r2, merged"
CLOISON_BLOB=1 scan shard1 $((BASE + 3)) download-idor r2 --shard 1/2 &
CLOISON_BLOB=1 scan shard2 $((BASE + 4)) download-idor r2 --shard 2/2 &
wait
npm run -s merge-reports -- --out $OUT/merged $OUT/shard1 $OUT/shard2 || true
node -e '
const [a,b]=process.argv.slice(1).map(f=>require(f).findings.map(x=>x.id).sort().join(","));
if (a!==b) throw new Error("merged findings differ from the unsharded run");
console.log("OK: merged 2-shard findings equal the unsharded run by finding id");
' "$PWD/$OUT/merged/findings.json" "$PWD/$OUT/idor/findings.json"
test -f $OUT/merged/junit.xml && test -d $OUT/merged/html && echo "OK: merged HTML and JUnit"
echo "PASS"
