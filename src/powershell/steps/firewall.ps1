# firewall.ps1 -- the inbound rule for Docker's backend (an option in the seed: "depending on how
# Docker is used"). not-applicable unless firewallRule is set.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$RuleName = 'Pupperware Setup - Docker Desktop backend'
$DefaultDockerDir = 'C:\Program Files\Docker\Docker'

function Get-BackendPath {
    $dir = $DefaultDockerDir
    $app = Get-PupInstalledApp -Name 'Docker Desktop'
    if ($null -ne $app -and $app.InstallLocation) { $dir = $app.InstallLocation.TrimEnd('\') }
    return "$dir\resources\com.docker.backend.exe"
}

$test = {
    param($ctx)
    if (-not $ctx.Params.firewallRule) {
        return @{ state = 'not-applicable'; facts = [ordered]@{ requested = $false; ruleName = $RuleName }
            message = 'No firewall rule was requested (the firewall option is off).' }
    }
    $rule = Get-PupFirewallRule -DisplayName $RuleName
    if ($null -eq $rule) {
        return @{ state = 'absent'; facts = [ordered]@{ requested = $true; ruleName = $RuleName; present = $false }; message = "The firewall rule '$RuleName' does not exist yet." }
    }
    return @{ state = 'present'; facts = [ordered]@{ requested = $true; ruleName = $RuleName; present = $true; program = $rule.Program; direction = $rule.Direction; action = $rule.Action }
        message = "The firewall allows inbound connections to Docker's backend ($RuleName)." }
}

$set = {
    param($ctx, $before)
    $program = Get-BackendPath
    Write-Host "  New-NetFirewallRule -DisplayName '$RuleName' -Direction Inbound -Program '$program' -Action Allow"
    try { New-PupFirewallRule -DisplayName $RuleName -Direction Inbound -Program $program -Action Allow }
    catch { throw (New-PupException -Code 'FIREWALL_RULE_FAILED' -Message "Windows could not add the firewall rule: $($_.Exception.Message) A firewall managed by your organisation may forbid local rules.") }
    $ctx.Changed = $true
    return @{ message = "Added the inbound firewall rule for $program." }
}

exit (Invoke-PupStep -StepId 'firewall' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
