# wsl-update.ps1 -- a current WSL: the Store/MSI package via `wsl --update` (today), or the seed's
# WSL 2 kernel MSI (wslUpdateSource = kernel-msi). The inbox wsl.exe answers `wsl --version` with
# "Invalid command line option".
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

# Docker Desktop documents WSL 2.1.5 or later.
$MinimumWslVersion = '2.1.5'
$KernelMsiUri = 'https://wslstorestorage.blob.core.windows.net/wslblob/wsl_update_x64.msi'
# `wsl --update` downloads from the Store; when that path hangs, --web-download is the known way out.
$UpdateTimeoutSeconds = 900
$QueryTimeoutSeconds = 60

$test = {
    param($ctx)
    $v = Invoke-PupTool -Command wsl -Arguments @('--version') -TimeoutSeconds $QueryTimeoutSeconds
    if ($v.TimedOut) { throw (New-PupToolException -Result $v -What 'Asking WSL for its version') }
    $info = Get-PupWslVersionInfo -Text $v.Text -ExitCode $v.ExitCode
    $facts = [ordered]@{ kind = $info.Kind; wslVersion = $info.WslVersion; kernelVersion = $info.KernelVersion; source = $ctx.Params.wslUpdateSource; minimum = $MinimumWslVersion }
    if ($info.Kind -eq 'store') {
        if (Test-PupVersionAtLeast -Version $info.WslVersion -Minimum $MinimumWslVersion) {
            return @{ state = 'present'; facts = $facts; message = "WSL $($info.WslVersion) is installed (kernel $($info.KernelVersion))." }
        }
        return @{ state = 'absent'; facts = $facts; message = "WSL $($info.WslVersion) is older than $MinimumWslVersion, which Docker Desktop needs." }
    }
    if ($ctx.Params.wslUpdateSource -eq 'kernel-msi') {
        # The seed's path: the inbox WSL plus the WSL 2 kernel MSI. `wsl --status` shows the kernel.
        $st = Invoke-PupTool -Command wsl -Arguments @('--status') -TimeoutSeconds $QueryTimeoutSeconds
        $k = [regex]::Match($st.Text, '(?im)^\s*Kernel[^:\n]*:\s*(\d\S*)')
        if ($st.ExitCode -eq 0 -and $k.Success) {
            $facts['kernelVersion'] = $k.Groups[1].Value
            return @{ state = 'present'; facts = $facts; message = "The inbox WSL has the WSL 2 kernel $($k.Groups[1].Value)." }
        }
        return @{ state = 'absent'; facts = $facts; message = 'The inbox WSL has no WSL 2 kernel yet.' }
    }
    return @{ state = 'absent'; facts = $facts; message = 'This is the WSL that ships inside Windows (it does not know "wsl --version"); Docker Desktop needs the current WSL package.' }
}

$set = {
    param($ctx, $before)
    if ($ctx.Params.wslUpdateSource -eq 'kernel-msi') {
        $msi = Join-Path (Get-PupTempDirectory) 'wsl_update_x64.msi'
        Write-Host "  downloading $KernelMsiUri ..."
        try { Save-PupDownload -Uri $KernelMsiUri -OutFile $msi }
        catch { throw (New-PupException -Code 'DOWNLOAD_FAILED' -Message "Could not download the WSL 2 kernel update from $($KernelMsiUri): $($_.Exception.Message) Check the internet connection or proxy, or choose the wsl --update source.") }
        Write-Host '  msiexec /i wsl_update_x64.msi /qn /norestart ...'
        $r = Invoke-PupTool -Command msiexec -Arguments @('/i', $msi, '/qn', '/norestart') -TimeoutSeconds $UpdateTimeoutSeconds
        if ($r.TimedOut -or @(0, 3010, 1641) -notcontains $r.ExitCode) {
            $code = "exit:$($r.ExitCode)"
            if ($r.TimedOut) { $code = 'TIMEOUT' }
            throw (New-PupToolException -Result $r -What 'Installing the WSL 2 kernel update' -Code $code)
        }
        $ctx.Changed = $true
        return @{ rebootRequired = (@(3010, 1641) -contains $r.ExitCode); message = 'Installed the WSL 2 kernel update.' }
    }
    Write-Host '  wsl --update ...'
    $r = Invoke-PupTool -Command wsl -Arguments @('--update') -TimeoutSeconds $UpdateTimeoutSeconds
    if ($r.TimedOut) {
        Write-Host '  wsl --update did not finish; trying again with --web-download ...'
        $r = Invoke-PupTool -Command wsl -Arguments @('--update', '--web-download') -TimeoutSeconds $UpdateTimeoutSeconds
    }
    if ($r.TimedOut -or $r.ExitCode -ne 0) { throw (New-PupToolException -Result $r -What 'Updating WSL') }
    $ctx.Changed = $true
    return @{ message = 'Updated WSL to the current package.' }
}

exit (Invoke-PupStep -StepId 'wsl-update' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
