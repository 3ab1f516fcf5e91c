# engine-start.ps1 -- the Docker engine answers `docker info`: start Docker Desktop and poll within
# engineWaitSeconds (the simulator's clock advances instead of sleeping).
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

# How often `docker info` is asked while the engine starts.
$PollSeconds = 3

function Get-EngineAnswer {
    $r = Invoke-PupTool -Command docker -Arguments @('info', '--format', '{{json .}}') -TimeoutSeconds 60
    $facts = [ordered]@{ exitCode = $r.ExitCode }
    if ($r.ExitCode -eq 0) {
        try {
            $info = $r.Stdout | ConvertFrom-Json
            $facts['serverVersion'] = [string]$info.ServerVersion; $facts['osType'] = [string]$info.OSType
            $facts['kernelVersion'] = [string]$info.KernelVersion; $facts['operatingSystem'] = [string]$info.OperatingSystem
        } catch { $facts['unparsed'] = Limit-PupText -Text $r.Stdout -Max 2000 }
    } else {
        $facts['lastError'] = Get-PupOutputTail -Text $r.Stderr -Lines 3
    }
    return @{ Result = $r; Facts = $facts }
}

$test = {
    param($ctx)
    $a = Get-EngineAnswer
    if ($a.Result.ExitCode -eq 9009) { return @{ state = 'absent'; facts = $a.Facts; message = 'Docker Desktop is not installed (the docker command was not found).' } }
    if ($a.Result.ExitCode -eq 0) { return @{ state = 'present'; facts = $a.Facts; message = "The Docker engine answers (server $($a.Facts.serverVersion), $($a.Facts.osType))." } }
    return @{ state = 'absent'; facts = $a.Facts; message = 'The Docker engine does not answer yet.' }
}

$set = {
    param($ctx, $before)
    $app = Get-PupInstalledApp -Name 'Docker Desktop'
    if ($null -eq $app) { throw (New-PupException -Code 'DOCKER_NOT_INSTALLED' -Message 'Docker Desktop is not installed, so its engine cannot start. Let setup install it (the docker-desktop step) first.') }
    $exe = $app.InstallLocation.TrimEnd('\') + '\Docker Desktop.exe'
    Write-Host "  starting $exe"
    Start-PupProcess -Path $exe
    $ctx.Changed = $true
    $limit = [int]$ctx.Params.engineWaitSeconds
    $waited = 0
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $a = $null
    while ($true) {
        $a = Get-EngineAnswer
        if ($a.Result.ExitCode -eq 0) { break }
        $elapsed = [Math]::Max($waited, [int]$clock.Elapsed.TotalSeconds)
        if ($elapsed -ge $limit) {
            $code = 'TIMEOUT'
            if ($a.Result.ErrorCode -eq 'DOCKER_USERS_GROUP') { $code = 'DOCKER_USERS_GROUP' }
            $msg = "The Docker engine did not answer within $limit seconds after Docker Desktop started. Last answer: $($a.Facts.lastError)"
            $advice = Get-PupErrorAdvice -Code $code
            if ($advice) { $msg = "$msg $advice" }
            if ($code -eq 'TIMEOUT') { $msg = "$msg Open Docker Desktop to see what it reports (for example 'WSL 2 installation is incomplete'), then run setup again." }
            throw (New-PupException -Code $code -Message $msg -Facts ([ordered]@{ waitedSeconds = $elapsed; lastError = $a.Facts.lastError }))
        }
        Wait-PupInterval -Seconds $PollSeconds
        $waited += $PollSeconds
    }
    $elapsed = [Math]::Max($waited, [int]$clock.Elapsed.TotalSeconds)
    return @{ facts = [ordered]@{ waitedSeconds = $elapsed }; message = "Docker Desktop started; the engine answered after about $elapsed seconds." }
}

exit (Invoke-PupStep -StepId 'engine-start' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
