# pending-restart.ps1 -- is a Windows restart already pending? Looks only; Set = Test.
# CBS RebootPending, Windows Update RebootRequired and a pending computer rename need a restart before
# features can be turned on. PendingFileRenameOperations is reported, never blocking: antivirus sets
# it all the time (Boxstarter's reboot loops, chocolatey/choco#1768).
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$test = {
    param($ctx)
    $p = Get-PupPendingReboot
    $facts = [ordered]@{
        cbs = [bool]$p.cbs; windowsUpdate = [bool]$p.windowsUpdate; computerRename = [bool]$p.computerRename
        pendingFileRename = [bool]$p.pendingFileRename; lastBootTime = (Get-PupLastBootTime)
    }
    $reasons = @()
    if ($p.cbs) { $reasons += 'Windows servicing (CBS) is waiting for a restart' }
    if ($p.windowsUpdate) { $reasons += 'Windows Update is waiting for a restart' }
    if ($p.computerRename) { $reasons += 'the new computer name takes effect at the next restart' }
    if ($reasons.Count -gt 0) {
        return @{ state = 'pending-reboot'; rebootRequired = $true; facts = $facts
            message = ('A restart is already pending: ' + ($reasons -join '; ') + '. Windows must restart before setup can turn features on.') }
    }
    $msg = 'No restart is pending.'
    if ($p.pendingFileRename) { $msg = "$msg (Some files are queued to be replaced at the next restart; that does not hold setup up.)" }
    return @{ state = 'present'; facts = $facts; message = $msg }
}

exit (Invoke-PupStep -StepId 'pending-restart' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test)
