#!/usr/bin/env bash
# Cold-start benchmark: both functions as scripts/publish.sh builds them, framework-dependent (JIT) and as the
# provided.al2023 `bootstrap`, timed from exec to the first response at a Runtime API on loopback. Usage: coldstart.sh [runs=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
out=artifacts/coldstart
rm -rf "$out" && mkdir -p "$out"
for mode in managed bootstrap; do
  suffix=$([ "$mode" = managed ] && echo jit || echo r2r)
  bash scripts/publish.sh "$mode" > /dev/null
  for name in pre-annotation post-annotation; do cp -r "artifacts/publish/$name" "$out/$name-$suffix"; done
done
dotnet build test/GtCustomPose.Benchmarks -c Release -nologo -v q
dotnet test/GtCustomPose.Benchmarks/bin/Release/net10.0/GtCustomPose.Benchmarks.dll coldstart "$out" "$runs"
