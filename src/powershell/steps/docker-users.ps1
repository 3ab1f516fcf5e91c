# docker-users.ps1 -- the interactive user (recorded before elevation, not the elevating admin) and
# the optional service account in the local docker-users group. Membership applies at the next
# sign-in, so adding someone sets signOutRequired.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$Group = 'docker-users'

function Get-WantedMembers {
    param($Params)
    $list = @([string]$Params.interactiveUser)
    if ($Params.serviceAccount) { $list += [string]$Params.serviceAccount }
    return $list
}

$test = {
    param($ctx)
    $members = $null
    try { $members = @(Get-PupLocalGroupMember -Group $Group) }
    catch {
        return @{ state = 'absent'; facts = [ordered]@{ groupExists = $false; members = @() }
            message = "The $Group group does not exist yet (the Docker Desktop installer creates it)." }
    }
    $missing = @(Get-WantedMembers $ctx.Params | Where-Object { -not (Test-PupMember -Members $members -Account $_) })
    $facts = [ordered]@{ groupExists = $true; members = $members; missing = $missing }
    if ($missing.Count -gt 0) {
        return @{ state = 'absent'; facts = $facts; message = ('Not in docker-users yet: ' + ($missing -join ', ') + '.') }
    }
    return @{ state = 'present'; facts = $facts; message = ((Get-WantedMembers $ctx.Params) -join ' and ') + ' can use Docker (member of docker-users).' }
}

$set = {
    param($ctx, $before)
    if (-not $before.facts.groupExists) {
        throw (New-PupException -Code 'DOCKER_USERS_GROUP_MISSING' -Message 'The docker-users group does not exist, so nobody can be added to it. Install Docker Desktop first (it creates the group), then run setup again.')
    }
    $added = @()
    foreach ($account in $before.facts.missing) {
        Write-Host "  adding $account to $Group..."
        try { Add-PupLocalGroupMember -Group $Group -Member $account }
        catch { throw (New-PupException -Code 'GROUP_ADD_FAILED' -Message "Windows could not add $account to $($Group): $($_.Exception.Message) Check that the account exists.") }
        $ctx.Changed = $true
        $added += $account
    }
    return @{ signOutRequired = ($added.Count -gt 0)
        message = ('Added ' + ($added -join ' and ') + " to $Group. The membership takes effect at the next sign-in: sign out and back in (the restart does it too) before using Docker.") }
}

exit (Invoke-PupStep -StepId 'docker-users' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
