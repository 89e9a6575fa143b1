#!/usr/bin/env bash
# Cold-start benchmarks of both functions as scripts/publish.sh builds them, timed from exec to the first response at
# a Runtime API on loopback.
#   coldstart.sh [runs=20]                     framework-dependent (JIT), ReadyToRun and Native AOT bootstraps
#   coldstart.sh versus-python [runs=10] [objects=1000 workers=9 skeletons=3]
#                                              Native AOT and ReadyToRun against the Python baseline, pinned to core 0,
#                                              moto_server on core 1; post-annotation at the largest batch
set -euo pipefail
cd "$(dirname "$0")/../.."
what=coldstart
[ "${1:-}" = versus-python ] && { what=versus-python; shift; }
runs=${1:-$([ $what = coldstart ] && echo 20 || echo 10)}
out=artifacts/coldstart
rm -rf "$out" && mkdir -p "$out"
modes="managed r2r aot"
[ $what = versus-python ] && modes="r2r aot"
for mode in $modes; do
  suffix=$([ "$mode" = managed ] && echo jit || echo "$mode")
  bash scripts/publish.sh "$mode" > /dev/null
  for name in pre-annotation post-annotation; do cp -r "artifacts/publish/$name" "$out/$name-$suffix"; done
done
dotnet build test/GtCustomPose.Benchmarks -c Release -nologo -v q
bench=test/GtCustomPose.Benchmarks/bin/Release/net10.0/GtCustomPose.Benchmarks.dll
if [ $what = coldstart ]; then
  dotnet "$bench" coldstart "$out" "$runs"
else
  GTPOSE_MOTO_CPU=1 dotnet "$bench" versus-python "$out" "$runs" "${2:-1000}" "${3:-9}" "${4:-3}"
fi
# scripts/publish.sh's default build is what the tests and the deploy expect in artifacts/publish.
bash scripts/publish.sh > /dev/null
