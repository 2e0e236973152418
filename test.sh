#!/usr/bin/env bash
# The test command (README quick start). Builds once, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build RxAtlas.slnx -c Release -nologo -v quiet
dotnet test RxAtlas.slnx -c Release --no-build -nologo -v quiet --logger "console;verbosity=minimal" "$@"
