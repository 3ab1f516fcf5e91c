# validate.ps1 -- collects the raw outputs the engine's validation checks read (docs/step-contract.md,
# "validate facts"). Judging them is the TypeScript side's job. Looks only; Set = Test.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$QueryTimeoutSeconds = 60
# `docker run` may pull alpine first.
$RunTimeoutSeconds = 600

$CommandList = @(
    @('wslListVerbose', 'wsl', @('-l', '-v')),
    @('wslStatus', 'wsl', @('--status')),
    @('wslVersion', 'wsl', @('--version')),
    @('dockerVersionJson', 'docker', @('version', '--format', '{{json .}}')),
    @('dockerVersion', 'docker', @('version')),
    @('dockerInfoJson', 'docker', @('info', '--format', '{{json .}}')),
    @('dockerInfo', 'docker', @('info')),
    @('dockerCompose', 'docker', @('compose', 'version')),
    @('dockerComposeV1', 'docker-compose', @('version')),
    @('dockerRunUname', 'docker', @('run', '--rm', 'alpine', 'uname'))
)

$test = {
    param($ctx)
    $commands = [ordered]@{}
    foreach ($c in $CommandList) {
        $timeout = $QueryTimeoutSeconds
        if ($c[0] -eq 'dockerRunUname') { $timeout = $RunTimeoutSeconds }
        Write-Host "  $(Format-PupCommandLine -Command $c[1] -Arguments $c[2])"
        $r = Invoke-PupTool -Command $c[1] -Arguments $c[2] -TimeoutSeconds $timeout
        $entry = [ordered]@{ exitCode = $r.ExitCode; stdout = (Limit-PupText -Text $r.Stdout); stderr = (Limit-PupText -Text $r.Stderr); timedOut = $r.TimedOut }
        if ($r.TimedOut) { $entry.stderr = "timed out after $timeout seconds" }
        $commands[$c[0]] = $entry
    }
    $os = Get-PupOsInfo
    $features = [ordered]@{}
    foreach ($n in @('Microsoft-Windows-Subsystem-Linux', 'VirtualMachinePlatform', 'Microsoft-Hyper-V')) { $features[$n] = Get-PupFeatureState -Name $n }
    $members = @()
    try { $members = @(Get-PupLocalGroupMember -Group 'docker-users') } catch { $members = @() }
    $rule = $null
    try { $rule = Get-PupFirewallRule -DisplayName 'Pupperware Setup - Docker Desktop backend' } catch { $rule = $null }
    $app = Get-PupInstalledApp -Name 'Docker Desktop'
    $defaultUser = $null
    $parsed = ConvertFrom-PupWslList -Text ($commands['wslListVerbose'].stdout)
    if (@($parsed.Distros | Where-Object { $_.Name -ieq $ctx.Params.distro }).Count -gt 0) {
        $conf = Invoke-PupTool -Command wsl -Arguments @('-d', $ctx.Params.distro, '-u', 'root', '--', 'cat', '/etc/wsl.conf') -TimeoutSeconds $QueryTimeoutSeconds
        if ($conf.ExitCode -eq 0) { $defaultUser = Get-PupWslConfDefaultUser -Text $conf.Stdout }
        if (-not $defaultUser -and -not $conf.TimedOut -and $null -ne $conf.ExitCode) { $defaultUser = 'root' }
    }
    $dockerVersion = $null
    if ($null -ne $app) { $dockerVersion = $app.DisplayVersion }
    $facts = [ordered]@{
        commands = $commands; build = $os.Build; features = $features; dockerUsers = $members
        firewallRule = ($null -ne $rule); distroDefaultUser = $defaultUser
        dockerDesktopInstalled = ($null -ne $app); dockerDesktopVersion = $dockerVersion
    }
    return @{ state = 'present'; facts = $facts; message = "Collected $($commands.Count) command outputs for validation." }
}

exit (Invoke-PupStep -StepId 'validate' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test)
