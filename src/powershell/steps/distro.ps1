# distro.ps1 -- the Linux distribution, registered at WSL version 2:
# `wsl --install -d <distro> --no-launch`, then `<launcher> install --root` (no interactive first-run
# prompt), then `wsl --set-version <distro> 2` when it came up on WSL 1.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$InstallTimeoutSeconds = 1800
$ConvertTimeoutSeconds = 1800

function Get-DistroList {
    $r = Invoke-PupTool -Command wsl -Arguments @('-l', '-v') -TimeoutSeconds 60
    $parsed = ConvertFrom-PupWslList -Text $r.Text
    if ($parsed.Recognized) { return @($parsed.Distros) }
    if (Test-PupWslNoDistros -Text $r.Text) { return @() }
    throw (New-PupToolException -Result $r -What 'Listing the WSL distributions')
}

function Find-Distro {
    param($List, [string]$Name)
    foreach ($d in @($List)) { if ($d.Name -ieq $Name) { return $d } }
    return $null
}

function Assert-ToolSucceeded {
    # wsl.exe and the launchers can print an error and still exit 0: the code in the text counts too.
    param($Result, [string]$What)
    if ($Result.TimedOut -or $Result.ExitCode -ne 0 -or $Result.ErrorCode) { throw (New-PupToolException -Result $Result -What $What) }
}

$test = {
    param($ctx)
    $name = $ctx.Params.distro
    $list = Get-DistroList
    $facts = [ordered]@{ distro = $name; distros = @($list | ForEach-Object { [ordered]@{ name = $_.Name; state = $_.State; version = $_.Version } }) }
    $d = Find-Distro $list $name
    if ($null -eq $d) { $facts['installed'] = $false; return @{ state = 'absent'; facts = $facts; message = "$name is not installed in WSL." } }
    $facts['installed'] = $true; $facts['version'] = $d.Version
    if ($d.Version -eq 2) { return @{ state = 'present'; facts = $facts; message = "$name is installed and runs on WSL 2." } }
    return @{ state = 'absent'; facts = $facts; message = "$name is installed but runs on WSL $($d.Version)." }
}

$set = {
    param($ctx, $before)
    $name = $ctx.Params.distro
    if (-not $before.facts.installed) {
        Write-Host "  wsl --install -d $name --no-launch ..."
        $r = Invoke-PupTool -Command wsl -Arguments @('--install', '-d', $name, '--no-launch') -TimeoutSeconds $InstallTimeoutSeconds
        Assert-ToolSucceeded $r "Installing $name"
        $ctx.Changed = $true
        # `wsl --install` exits 0 even when Windows must restart first (microsoft/WSL#6474).
        if ($r.Text -match 'Changes will not be effective until the system is rebooted|system reboot is required') {
            return @{ rebootRequired = $true; message = "Windows must restart before $name can be installed." }
        }
        Write-Host "  $name install --root ..."
        $l = Invoke-PupTool -Command distro-launcher -Arguments @($name, 'install', '--root') -TimeoutSeconds $InstallTimeoutSeconds
        Assert-ToolSucceeded $l "Registering $name"
    }
    $d = Find-Distro (Get-DistroList) $name
    if ($null -ne $d -and $d.Version -ne 2) {
        Write-Host "  wsl --set-version $name 2 ..."
        $c = Invoke-PupTool -Command wsl -Arguments @('--set-version', $name, '2') -TimeoutSeconds $ConvertTimeoutSeconds
        Assert-ToolSucceeded $c "Converting $name to WSL 2"
        $ctx.Changed = $true
    }
    return @{ message = "$name is installed and runs on WSL 2." }
}

exit (Invoke-PupStep -StepId 'distro' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
