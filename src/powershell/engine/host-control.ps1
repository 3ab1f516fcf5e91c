<#
.SYNOPSIS
    What the engine asks of the machine outside any step: the boot time and logon session that prove
    a restart or sign-out, and the resume scheduled task.
.DESCRIPTION
    Uses only the host primitives of PupperwareSetup.psm1 (real Windows, or the simulated host when
    PUPPERWARE_SIM_STATE is set). Writes its result as JSON to -ResultPath. Windows PowerShell 5.1
    and PowerShell 7.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateSet('Status', 'RegisterTask', 'UnregisterTask')][string]$Action,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'PupperwareSetup.psm1') -Force

function Write-HostControlResult([hashtable]$Result) {
    $json = ConvertTo-Json -InputObject $Result -Depth 6
    $tmp = "$ResultPath.tmp"
    [System.IO.File]::WriteAllText($tmp, $json, (New-Object System.Text.UTF8Encoding $false))
    Move-Item -LiteralPath $tmp -Destination $ResultPath -Force
}

try {
    $params = Get-Content -LiteralPath $ParamsPath -Raw | ConvertFrom-Json
    $result = @{ ok = $true }
    switch ($Action) {
        'Status' {
            $result.bootTime = [string](Get-PupLastBootTime)
            $result.logonSession = [string](Get-PupLogonSession)
            if ($params.PSObject.Properties['name']) {
                $result.taskExists = ($null -ne (Get-PupScheduledTask -Name $params.name))
            }
        }
        'RegisterTask' {
            if ($params.name -notmatch '^[A-Za-z0-9_-]{1,64}$') { throw "Invalid task name: $($params.name)" }
            if ($params.arguments -match '[;&|<>`$]') { throw 'Invalid characters in the task arguments.' }
            Write-Host "Registering the resume task $($params.name) for $($params.user) at logon (run level Highest)."
            $existing = Get-PupScheduledTask -Name $params.name
            if ($null -eq $existing) {
                Register-PupScheduledTask -Name $params.name -User $params.user -Execute $params.execute -Arguments $params.arguments
            }
            else {
                Write-Host 'The resume task is already registered.'
            }
        }
        'UnregisterTask' {
            if ($null -ne (Get-PupScheduledTask -Name $params.name)) {
                Write-Host "Removing the resume task $($params.name)."
                Unregister-PupScheduledTask -Name $params.name
            }
        }
    }
    Write-HostControlResult $result
    exit 0
}
catch {
    Write-HostControlResult @{ ok = $false; error = $_.Exception.Message }
    exit 1
}
