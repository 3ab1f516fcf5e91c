# Invoke-PesterSuite.ps1 -- runs every tests/powershell/*.Tests.ps1 with CI-friendly output.
#
#   pwsh -NoProfile -File tests/powershell/Invoke-PesterSuite.ps1 [-Path <test file or folder>]
#
# Pester comes from $env:PESTER_MODULE, else .tools/nuget/pester/5.7.1/tools/Pester.psd1 (installed by
# scripts/install-tools.sh). Writes nothing outside a temporary folder. Ends with the line
# "pester: N passed, N failed, N skipped" and exits non-zero on any failure or when no test ran.
param([string[]]$Path)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

$pester = $env:PESTER_MODULE
if (-not $pester) { $pester = Join-Path $repo '.tools/nuget/pester/5.7.1/tools/Pester.psd1' }
if (-not (Test-Path -LiteralPath $pester)) {
    Write-Host "pester: Pester not found at $pester (run: bash scripts/install-tools.sh, or set PESTER_MODULE)"
    Write-Host 'pester: 0 passed, 0 failed, 0 skipped'
    exit 2
}
Import-Module $pester -Force

# Everything the tests write (machines, params, results, downloads) goes to one temporary folder,
# removed at the end; child PowerShell processes keep their caches there too, not in the home directory.
$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ('pupperware-pester-' + $PID)
[void](New-Item -ItemType Directory -Path $tmp -Force)
$savedTemp = @{ TMPDIR = $env:TMPDIR; TEMP = $env:TEMP; TMP = $env:TMP }
$env:TMPDIR = $tmp; $env:TEMP = $tmp; $env:TMP = $tmp
$env:PSModuleAnalysisCachePath = Join-Path $tmp 'ModuleAnalysisCache'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'
if (-not $Path -or $Path.Count -eq 0) { $Path = @($PSScriptRoot) }

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ($env:CI -or $env:NO_COLOR -or [Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
$config.TestResult.Enabled = $false
$config.Should.ErrorAction = 'Stop'

$started = Get-Date
$run = Invoke-Pester -Configuration $config
$seconds = [int]((Get-Date) - $started).TotalSeconds
foreach ($k in $savedTemp.Keys) { [Environment]::SetEnvironmentVariable($k, $savedTemp[$k]) }
Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue

$passed = [int]$run.PassedCount
$failed = [int]$run.FailedCount + [int]$run.FailedBlocksCount + [int]$run.FailedContainersCount
$skipped = [int]$run.SkippedCount
Write-Host "pester: ran in $seconds s"
Write-Host "pester: $passed passed, $failed failed, $skipped skipped"
if ($failed -gt 0) { exit 1 }
if ($passed + $failed -eq 0) { exit 1 }
exit 0
