# wsl-default-version.ps1 -- new distributions use WSL 2 (`wsl --status` "Default Version: 2",
# translated on other locales).
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$test = {
    param($ctx)
    $r = Invoke-PupTool -Command wsl -Arguments @('--status') -TimeoutSeconds 60
    $dv = Get-PupWslDefaultVersion -Text $r.Text
    if ($null -eq $dv -and ($r.TimedOut -or $r.ExitCode -ne 0)) { throw (New-PupToolException -Result $r -What 'Asking WSL for its status') }
    $facts = [ordered]@{ defaultVersion = $dv }
    if ($dv -eq 2) { return @{ state = 'present'; facts = $facts; message = 'New WSL distributions use WSL 2.' } }
    if ($null -eq $dv) { return @{ state = 'absent'; facts = $facts; message = 'wsl --status does not show the default version.' } }
    return @{ state = 'absent'; facts = $facts; message = "New WSL distributions use WSL $dv." }
}

$set = {
    param($ctx, $before)
    Write-Host '  wsl --set-default-version 2 ...'
    $r = Invoke-PupTool -Command wsl -Arguments @('--set-default-version', '2') -TimeoutSeconds 120
    # wsl.exe sometimes prints an error and exits 0: trust the error code in the text too.
    if ($r.TimedOut -or $r.ExitCode -ne 0 -or ($r.ErrorCode -and $r.ErrorCode -ne 'TIMEOUT')) { throw (New-PupToolException -Result $r -What 'Making WSL 2 the default') }
    $ctx.Changed = $true
    return @{ message = 'New WSL distributions now use WSL 2.' }
}

exit (Invoke-PupStep -StepId 'wsl-default-version' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
