# preflight.ps1 -- can this PC run WSL 2 and Docker Desktop at all? Looks only; Set = Test.
# `blocked` stops the run before any change (docs/step-contract.md).
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

# Windows 10 2004. Docker Desktop itself supports 22H2 (19045) and later: older builds get a warning.
$MinimumBuild = 19041
$DockerSupportedBuild = 19045
# Docker Desktop needs 4 GB of memory; WSL 2, a distro and images need room on the system drive.
$MinimumMemoryGB = 4
$MinimumFreeDiskGB = 10
$RecommendedMemoryGB = 8

$test = {
    param($ctx)
    $os = Get-PupOsInfo
    $hw = Get-PupHardwareInfo
    $hyperV = Get-PupFeatureState -Name 'Microsoft-Hyper-V'
    $checks = New-Object System.Collections.ArrayList
    $add = {
        param($id, $title, $status, $observed, $why, $code)
        $c = [ordered]@{ id = $id; title = $title; status = $status; observed = [string]$observed; why = $why }
        if ($code) { $c['code'] = $code }
        [void]$checks.Add($c)
    }

    if ($os.Build -lt $MinimumBuild) {
        & $add 'windows-build' 'Windows version' 'fail' "build $($os.Build).$($os.Ubr)" "WSL 2 and Docker Desktop need Windows 10 version 2004 (build $MinimumBuild) or later. Open Settings > Update & Security > Windows Update, install the feature update, then run setup again." 'BUILD_TOO_OLD'
    } elseif ($os.Build -lt $DockerSupportedBuild) {
        & $add 'windows-build' 'Windows version' 'warn' "build $($os.Build).$($os.Ubr)" "WSL 2 works here, but Docker Desktop supports Windows 10 22H2 (build $DockerSupportedBuild) and later; install the latest feature update when you can." $null
    } else {
        & $add 'windows-build' 'Windows version' 'pass' "build $($os.Build).$($os.Ubr)" 'Windows is recent enough for WSL 2 and Docker Desktop.' $null
    }
    if ($os.Is64Bit) {
        & $add 'os-64bit' '64-bit Windows' 'pass' '64-bit' 'WSL 2 and Docker Desktop need 64-bit Windows.' $null
    } else {
        & $add 'os-64bit' '64-bit Windows' 'fail' '32-bit' 'WSL 2 and Docker Desktop need 64-bit Windows; this PC runs 32-bit Windows, which cannot be upgraded in place.' 'NOT_64BIT'
    }
    if ($os.IsAdmin) {
        & $add 'admin' 'Administrator rights' 'pass' 'elevated as an administrator' 'Turning on Windows features and installing Docker Desktop need an administrator.' $null
    } else {
        & $add 'admin' 'Administrator rights' 'fail' 'not elevated' 'Setup must run as an administrator to turn on Windows features. Start Pupperware Setup again and accept the administrator prompt.' 'NOT_ADMIN'
    }
    if ($hw.IsVirtualMachine) {
        if ($hw.VirtualizationFirmwareEnabled) {
            & $add 'virtualization' 'Nested virtualization' 'pass' "virtual machine ($($hw.Manufacturer) $($hw.Model)), virtualization exposed" 'This virtual machine exposes virtualization, which WSL 2 needs.' $null
        } else {
            & $add 'virtualization' 'Nested virtualization' 'fail' "virtual machine ($($hw.Manufacturer) $($hw.Model)) without nested virtualization" 'WSL 2 runs a small virtual machine, so a VM needs nested virtualization. On Azure choose a size that supports it (for example Standard_D4s_v3) and not Trusted Launch; on Hyper-V run Set-VMProcessor -ExposeVirtualizationExtensions $true on the host.' 'NESTED_VIRTUALIZATION_MISSING'
        }
    } elseif ($hw.VirtualizationFirmwareEnabled -or $hw.HypervisorPresent) {
        & $add 'virtualization' 'Virtualization' 'pass' 'enabled' 'Virtualization is on, which WSL 2 needs.' $null
    } else {
        & $add 'virtualization' 'Virtualization' 'fail' 'disabled in the firmware' 'WSL 2 needs hardware virtualization. Restart into the BIOS/UEFI setup, turn on Intel VT-x or AMD-V (SVM), save, and run setup again.' 'VIRTUALIZATION_DISABLED'
    }
    if ($hw.FreeDiskGB -lt $MinimumFreeDiskGB) {
        & $add 'disk' 'Free disk space' 'fail' "$($hw.FreeDiskGB) GB free" "WSL 2, a Linux distribution and Docker Desktop need at least $MinimumFreeDiskGB GB free on the system drive. Free some space and run setup again." 'DISK_SPACE_LOW'
    } else {
        & $add 'disk' 'Free disk space' 'pass' "$($hw.FreeDiskGB) GB free" 'Enough room for WSL 2, a distribution and Docker Desktop.' $null
    }
    if ($hw.MemoryGB -lt $MinimumMemoryGB) {
        & $add 'memory' 'Memory' 'fail' "$($hw.MemoryGB) GB" "Docker Desktop needs at least $MinimumMemoryGB GB of memory." 'MEMORY_TOO_LOW'
    } elseif ($hw.MemoryGB -lt $RecommendedMemoryGB) {
        & $add 'memory' 'Memory' 'warn' "$($hw.MemoryGB) GB" "Docker Desktop runs, but the Pupperware stack is comfortable with $RecommendedMemoryGB GB or more." $null
    } else {
        & $add 'memory' 'Memory' 'pass' "$($hw.MemoryGB) GB" 'Enough memory for Docker Desktop and the Pupperware stack.' $null
    }
    if ($null -eq $hyperV) {
        & $add 'hyperv' 'Hyper-V' 'pass' "not available on $($os.Caption)" 'This edition has no Hyper-V feature. That is fine: WSL 2 needs only Virtual Machine Platform, so setup skips Hyper-V.' $null
    } else {
        & $add 'hyperv' 'Hyper-V' 'pass' "$hyperV" 'Hyper-V is available on this edition (only needed when you ask for it).' $null
    }
    $elevated = [string]$os.ElevatedUser
    $interactive = [string]$ctx.Params.interactiveUser
    if ($elevated -and $interactive -and $elevated -ine $interactive) {
        & $add 'accounts' 'Accounts' 'warn' "signed in: $interactive; elevated: $elevated" "Setup runs as $elevated but $interactive is signed in. WSL and the docker-users membership are set up for $interactive, the person at the console." $null
    }

    $blockers = @($checks | Where-Object { $_.status -eq 'fail' })
    $facts = [ordered]@{
        build = $os.Build; ubr = $os.Ubr; caption = $os.Caption; edition = $os.Edition; sku = $os.Sku; is64Bit = $os.Is64Bit
        isAdmin = $os.IsAdmin; locale = $os.Locale; interactiveUser = $os.InteractiveUser; elevatedUser = $elevated
        virtualizationFirmwareEnabled = $hw.VirtualizationFirmwareEnabled; hypervisorPresent = $hw.HypervisorPresent
        isVirtualMachine = $hw.IsVirtualMachine; manufacturer = $hw.Manufacturer; model = $hw.Model
        freeDiskGB = $hw.FreeDiskGB; memoryGB = $hw.MemoryGB
        hyperV = $hyperV; hyperVApplicable = ($null -ne $hyperV)
        blockers = @($blockers | ForEach-Object { $_.code })
        checks = $checks.ToArray()
    }
    foreach ($c in $checks) { Write-Host ("  {0,-4} {1}: {2}" -f $c.status, $c.title, $c.observed) }
    if ($blockers.Count -gt 0) {
        $first = $blockers[0]
        return @{ state = 'blocked'; facts = $facts; message = $first.why; error = @{ code = $first.code; message = $first.why } }
    }
    $msg = 'This PC can run WSL 2 and Docker Desktop.'
    if ($null -eq $hyperV) { $msg = "$msg Hyper-V does not exist on this edition and is not needed: WSL 2 uses Virtual Machine Platform." }
    return @{ state = 'present'; facts = $facts; message = $msg }
}

exit (Invoke-PupStep -StepId 'preflight' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test)
