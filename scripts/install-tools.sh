#!/usr/bin/env bash
# Installs what the PowerShell side needs on a machine without Windows, into .tools/ of this checkout:
#   PowerShell 7 (a .NET tool from NuGet) and Pester (a NuGet package, imported from a folder).
# Usage: bash scripts/install-tools.sh        (idempotent; needs the .NET SDK and NuGet)
set -euo pipefail
cd "$(dirname "$0")/.."
PWSH_VERSION=7.6.9
PESTER_VERSION=5.7.1
tools="$PWD/.tools"
mkdir -p "$tools"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-tools: the .NET SDK (dotnet) is needed to install PowerShell from NuGet" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x "$tools/pwsh/pwsh" ] || ! "$tools/pwsh/pwsh" -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' | grep -qx "$PWSH_VERSION"; then
  rm -rf "$tools/pwsh"
  dotnet tool install --tool-path "$tools/pwsh" PowerShell --version "$PWSH_VERSION"
fi

pester_dir="$tools/nuget/pester/$PESTER_VERSION"
if [ ! -f "$pester_dir/tools/Pester.psd1" ] && [ ! -f "$pester_dir/Pester.psd1" ]; then
  proj="$tools/pester-restore"
  mkdir -p "$proj"
  cat > "$proj/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
XML
  dotnet restore "$proj/restore.csproj" --packages "$tools/nuget" >/dev/null
fi
echo "install-tools: PowerShell $("$tools/pwsh/pwsh" -NoProfile -Command '$PSVersionTable.PSVersion.ToString()') at $tools/pwsh/pwsh"
echo "install-tools: Pester $PESTER_VERSION at $pester_dir"
