# features.ps1 -- Windows Subsystem for Linux + Virtual Machine Platform (+ Hyper-V when asked and
# the edition has it). EnablePending counts as done: never enable it again. Never disables anything.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$Labels = @{
    'Microsoft-Windows-Subsystem-Linux' = 'Windows Subsystem for Linux'
    'VirtualMachinePlatform' = 'Virtual Machine Platform'
    'Microsoft-Hyper-V' = 'Hyper-V'
}

function Get-WantedFeatures {
    param($Params)
    $names = @('Microsoft-Windows-Subsystem-Linux', 'VirtualMachinePlatform')
    if ($Params.enableHyperV) { $names += 'Microsoft-Hyper-V' }
    return $names
}

$test = {
    param($ctx)
    $facts = [ordered]@{}
    $off = @(); $pending = @(); $skipped = @()
    foreach ($name in (Get-WantedFeatures $ctx.Params)) {
        $state = Get-PupFeatureState -Name $name
        $facts[$name] = $state
        Write-Host "  $($Labels[$name]): $(if ($null -eq $state) { 'not on this edition' } else { $state })"
        if ($null -eq $state) {
            if ($name -eq 'Microsoft-Hyper-V') { $skipped += $name; continue }
            $msg = "Windows does not know the feature $name, so this Windows build or edition cannot run WSL 2. Install the latest Windows 10/11 feature update and run setup again."
            return @{ state = 'blocked'; facts = $facts; message = $msg; error = @{ code = 'FEATURE_UNKNOWN'; message = $msg } }
        }
        if ($state -eq 'EnablePending') { $pending += $name }
        elseif ($state -ne 'Enabled') { $off += $name }
    }
    if ($skipped.Count -gt 0) {
        $facts['skipped'] = @([ordered]@{ name = 'Microsoft-Hyper-V'; reason = 'This Windows edition has no Hyper-V feature; WSL 2 needs only Virtual Machine Platform.' })
    }
    $note = ''
    if ($skipped.Count -gt 0) {
        $edition = [string](Get-PupOsInfo).Caption
        if (-not $edition) { $edition = 'this edition of Windows' }
        $note = " Hyper-V is skipped: $edition has no Hyper-V, and WSL 2 does not need it (it uses Virtual Machine Platform)."
    }
    if ($off.Count -gt 0) {
        return @{ state = 'absent'; facts = $facts; message = ('Still off: ' + (($off | ForEach-Object { $Labels[$_] }) -join ', ') + '.' + $note) }
    }
    if ($pending.Count -gt 0) {
        return @{ state = 'pending-reboot'; rebootRequired = $true; facts = $facts
            message = ((($pending | ForEach-Object { $Labels[$_] }) -join ', ') + ' turned on; Windows must restart to finish.' + $note) }
    }
    return @{ state = 'present'; facts = $facts; message = ('The Windows features WSL 2 needs are on.' + $note) }
}

$set = {
    param($ctx, $before)
    $restart = $false
    $enabled = @()
    foreach ($name in (Get-WantedFeatures $ctx.Params)) {
        $state = $before.facts[$name]
        if ($null -eq $state -or $state -eq 'Enabled' -or $state -eq 'EnablePending') { continue }
        Write-Host "  turning on $($Labels[$name]) (Enable-WindowsOptionalFeature -Online -FeatureName $name -All -NoRestart)..."
        try {
            $r = Enable-PupFeature -Name $name
        } catch {
            $text = $_.Exception.Message
            $code = Get-PupErrorCode -Text $text
            if (-not $code) { $code = 'FEATURE_ENABLE_FAILED' }
            $msg = "Windows could not turn on $($Labels[$name]): $text"
            if ($code -eq 'FEATURE_UNKNOWN') { $msg = "$msg This Windows build or edition does not have it; install the latest feature update." }
            else { $msg = "$msg Restart Windows and run setup again; if it keeps failing, run Windows Update first." }
            throw (New-PupException -Code $code -Message $msg)
        }
        $ctx.Changed = $true
        $enabled += $Labels[$name]
        if ($r.RestartNeeded) { $restart = $true }
    }
    $msg = (($enabled -join ' and ') + ' turned on.')
    if ($restart) { $msg = (($enabled -join ' and ') + ' turned on; Windows must restart to finish.') }
    return @{ rebootRequired = $restart; message = $msg }
}

exit (Invoke-PupStep -StepId 'features' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
