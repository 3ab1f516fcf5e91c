# docker-desktop.ps1 -- Docker Desktop, installed with winget, Chocolatey (the seed's way) or the
# direct installer. Installer exit codes 0, 3010 and 1641 are success; 3010/1641 need a restart.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

$InstallerUri = 'https://desktop.docker.com/win/main/amd64/Docker%20Desktop%20Installer.exe'
$ChocolateyInstallUri = 'https://community.chocolatey.org/install.ps1'
# An install downloads about 600 MB and unpacks it: allow an hour before calling it hung.
$InstallTimeoutSeconds = 3600
$SuccessCodes = @(0, 3010, 1641)
$RebootCodes = @(3010, 1641)

$test = {
    param($ctx)
    $app = Get-PupInstalledApp -Name 'Docker Desktop'
    if ($null -eq $app) {
        return @{ state = 'absent'; facts = [ordered]@{ installed = $false; source = $ctx.Params.dockerSource }; message = 'Docker Desktop is not installed.' }
    }
    $facts = [ordered]@{ installed = $true; version = $app.DisplayVersion; installLocation = $app.InstallLocation; repair = $false }
    # Docker Desktop ships the Compose v2 plugin; without it the installation is broken: reinstall it.
    $compose = Invoke-PupTool -Command docker -Arguments @('compose', 'version') -TimeoutSeconds 60
    if (-not $compose.TimedOut -and $compose.Text -match "'compose' is not a docker command") {
        $facts.repair = $true
        return @{ state = 'absent'; facts = $facts; message = "Docker Desktop $($app.DisplayVersion) is installed, but its Compose plugin is missing: it will be reinstalled." }
    }
    return @{ state = 'present'; facts = $facts; message = "Docker Desktop $($app.DisplayVersion) is installed." }
}

function Install-Chocolatey {
    # The seed's way: Chocolatey's install.ps1 with TLS 1.2 enabled first.
    param($ctx)
    Write-Host "  Chocolatey is not installed: installing it from $ChocolateyInstallUri..."
    $installScript = Join-Path (Get-PupTempDirectory) 'chocolatey-install.ps1'
    try { Save-PupDownload -Uri $ChocolateyInstallUri -OutFile $installScript }
    catch { throw (New-PupException -Code 'DOWNLOAD_FAILED' -Message "Could not download the Chocolatey installer from $($ChocolateyInstallUri): $($_.Exception.Message) Check the internet connection or proxy, or choose the winget or direct installation.") }
    # The path is ours (the temporary folder) but may hold an apostrophe (C:\Users\O'Brien): quote it.
    $quoted = $installScript.Replace("'", "''")
    $command = "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072; & '$quoted'"
    $r = Invoke-PupTool -Command powershell -Arguments @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', $command) -TimeoutSeconds 900
    if ($r.TimedOut -or $r.ExitCode -ne 0) { throw (New-PupToolException -Result $r -What 'Installing Chocolatey' -Code $(if ($r.TimedOut) { 'TIMEOUT' } else { 'CHOCO_INSTALL_FAILED' })) }
    $ctx.Changed = $true
}

$set = {
    param($ctx, $before)
    $source = $ctx.Params.dockerSource
    $r = $null
    switch ($source) {
        'winget' {
            $probe = Invoke-PupTool -Command winget -Arguments @('--version') -TimeoutSeconds 60
            if ($probe.ExitCode -ne 0) {
                throw (New-PupException -Code 'WINGET_MISSING' -Message 'winget (App Installer) is not available on this PC. Install "App Installer" from the Microsoft Store, or choose the Chocolatey or direct installation of Docker Desktop.')
            }
            $wingetArgs = @('install', '-e', '--id', 'Docker.DockerDesktop', '--accept-package-agreements', '--accept-source-agreements', '--silent')
            if ($before.facts.repair) { $wingetArgs += '--force' }
            Write-Host "  winget $($wingetArgs -join ' ')"
            $r = Invoke-PupTool -Command winget -Arguments $wingetArgs -TimeoutSeconds $InstallTimeoutSeconds
        }
        'choco' {
            $probe = Invoke-PupTool -Command choco -Arguments @('--version') -TimeoutSeconds 60
            if ($probe.ExitCode -ne 0) { Install-Chocolatey $ctx }
            $chocoArgs = @('install', '-y', 'docker-desktop')
            if ($before.facts.repair) { $chocoArgs += '--force' }
            Write-Host "  choco $($chocoArgs -join ' ')"
            $r = Invoke-PupTool -Command choco -Arguments $chocoArgs -TimeoutSeconds $InstallTimeoutSeconds
        }
        'direct' {
            $installer = Join-Path (Get-PupTempDirectory) 'Docker Desktop Installer.exe'
            Write-Host "  downloading $InstallerUri ..."
            try { Save-PupDownload -Uri $InstallerUri -OutFile $installer }
            catch { throw (New-PupException -Code 'DOWNLOAD_FAILED' -Message "Could not download the Docker Desktop installer from $($InstallerUri): $($_.Exception.Message) Check the internet connection or proxy and try again.") }
            Write-Host '  "Docker Desktop Installer.exe" install --quiet --accept-license --backend=wsl-2 --always-run-service ...'
            $r = Invoke-PupTool -Command docker-desktop-installer -Arguments @($installer, 'install', '--quiet', '--accept-license', '--backend=wsl-2', '--always-run-service') -TimeoutSeconds $InstallTimeoutSeconds
        }
    }
    if ($r.TimedOut) { throw (New-PupToolException -Result $r -What 'Installing Docker Desktop' -Code 'TIMEOUT') }
    $exit = [int]$r.ExitCode
    # winget reports the installer's own exit code in its text, as an unsigned number (4294967291 = -5).
    $m = [regex]::Match($r.Text, 'Installer failed with exit code:\s*(\d+)')
    if ($m.Success) { $exit = ConvertTo-PupSignedExitCode -Code $m.Groups[1].Value }
    $facts = [ordered]@{ source = $source; installerExitCode = $exit }
    if ($SuccessCodes -notcontains $exit) {
        $code = "exit:$exit"
        if ($exit -eq 0) { $code = 'INSTALL_FAILED' }
        throw (New-PupToolException -Result $r -What "Installing Docker Desktop with $source" -Code $code)
    }
    $ctx.Changed = $true
    $reboot = ($RebootCodes -contains $exit)
    $msg = "Docker Desktop installed with $source."
    if ($before.facts.repair) { $msg = "Docker Desktop reinstalled with $source (the Compose plugin is back)." }
    if ($reboot) { $msg = "Docker Desktop installed with $source; Windows must restart to finish (installer exit code $exit)." }
    return @{ rebootRequired = $reboot; facts = $facts; message = $msg }
}

exit (Invoke-PupStep -StepId 'docker-desktop' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
