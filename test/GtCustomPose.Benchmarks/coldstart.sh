#!/usr/bin/env bash
# Cold-start benchmark: publishes both functions twice (JIT framework-dependent; the provided.al2023 `bootstrap` as
# scripts/publish.sh builds it) and times exec-to-first-response against a Runtime API on loopback. Usage: coldstart.sh [runs=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
out=artifacts/coldstart
for f in PreAnnotation PostAnnotation; do
  name=$(echo "$f" | sed -E 's/([a-z])([A-Z])/\1-\2/' | tr 'A-Z' 'a-z')
  rm -rf "$out/$name-jit" "$out/$name-r2r"
  dotnet publish "src/GtCustomPose.$f" -c Release -o "$out/$name-jit" -nologo -v q
  dotnet publish "src/GtCustomPose.$f" -c Release -r linux-x64 --self-contained -o "$out/$name-r2r" -nologo -v q
done
dotnet build test/GtCustomPose.Benchmarks -c Release -nologo -v q
dotnet test/GtCustomPose.Benchmarks/bin/Release/net10.0/GtCustomPose.Benchmarks.dll coldstart "$out" "$runs"
