#!/usr/bin/env bash
# Runs every WakeWord test: the NUnit suites (which also build and run the C firmware on the PC and
# under QEMU) and prints one summary line "N passed, N failed".
# Usage: ./run-tests.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export WAKEWORD_ROOT="$here"
# The data-synthesis tests cover every engine, the extra voices (Debian contrib and non-free) too.
"$here/scripts/prereqs.sh" --extra-voices || exit 1
results="$here/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
dotnet build "$here/WakeWord.sln" -c Release -nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed (build)"; exit 1; }
dotnet test "$here/WakeWord.sln" -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" "$@"
rc=$?
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = 0
for t in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(t).getroot().find(".//{*}Counters")
    if c is not None:
        p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
print(f"{p} passed, {f} failed")
PY
exit $rc
