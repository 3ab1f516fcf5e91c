# distro-user.ps1 -- the Linux user in the distro, its password, and /etc/wsl.conf [user] default=.
# The password arrives only in this process's PUPPERWARE_SETUP_PASSWORD, is copied and cleared at
# once, and goes to chpasswd on standard input: never an argument, the console, the result or a file.
param(
    [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
    [Parameter(Mandatory = $true)][string]$ParamsPath,
    [Parameter(Mandatory = $true)][string]$ResultPath
)
$ErrorActionPreference = 'Stop'
$script:Password = $env:PUPPERWARE_SETUP_PASSWORD
Remove-Item -Path Env:PUPPERWARE_SETUP_PASSWORD -ErrorAction SilentlyContinue
[Environment]::SetEnvironmentVariable('PUPPERWARE_SETUP_PASSWORD', $null, 'Process')
Import-Module (Join-Path $PSScriptRoot '../PupperwareSetup.psm1') -DisableNameChecking

function Invoke-AsRoot {
    param([string]$Distro, [string[]]$Command, [string]$StdinText, [switch]$WithStdin)
    $args2 = @('-d', $Distro, '-u', 'root', '--') + $Command
    if ($WithStdin) { return (Invoke-PupTool -Command wsl -Arguments $args2 -StdinText $StdinText -TimeoutSeconds 120) }
    return (Invoke-PupTool -Command wsl -Arguments $args2 -TimeoutSeconds 120)
}

function Assert-Linux {
    # A Linux command failed: say which, without echoing anything it was given on stdin.
    param($Result, [string]$What)
    if ($Result.TimedOut -or $Result.ExitCode -ne 0) { throw (New-PupToolException -Result $Result -What $What) }
}

$test = {
    param($ctx)
    $distro = $ctx.Params.distro; $user = $ctx.Params.distroUser
    $facts = [ordered]@{ distro = $distro; user = $user; distroInstalled = $false; userExists = $false; hasPassword = $false; uid = $null; defaultUser = $null }
    $list = Invoke-PupTool -Command wsl -Arguments @('-l', '-v') -TimeoutSeconds 60
    $parsed = ConvertFrom-PupWslList -Text $list.Text
    if (-not $parsed.Recognized -and -not (Test-PupWslNoDistros -Text $list.Text)) { throw (New-PupToolException -Result $list -What 'Listing the WSL distributions') }
    $found = @($parsed.Distros | Where-Object { $_.Name -ieq $distro })
    if ($found.Count -eq 0) { return @{ state = 'absent'; facts = $facts; message = "The distribution $distro is not installed yet." } }
    $facts.distroInstalled = $true
    $id = Invoke-AsRoot -Distro $distro -Command @('id', '-u', $user)
    if ($id.TimedOut) { throw (New-PupToolException -Result $id -What "Looking up $user in $distro") }
    if ($id.ExitCode -eq 0 -and $id.Stdout.Trim() -match '^\d+$') { $facts.userExists = $true; $facts.uid = [int]$id.Stdout.Trim() }
    elseif ($id.ErrorCode -and $id.Stderr -notmatch 'no such user') { throw (New-PupToolException -Result $id -What "Starting $distro") }
    if ($facts.userExists) {
        # A user without a usable password (useradd ran, chpasswd did not: an interrupted run) is not done.
        $pw = Invoke-AsRoot -Distro $distro -Command @('passwd', '-S', $user)
        $facts['hasPassword'] = ($pw.ExitCode -eq 0 -and (Get-PupPasswordStatus -Text $pw.Stdout) -eq 'P')
    }
    $conf = Invoke-AsRoot -Distro $distro -Command @('cat', '/etc/wsl.conf')
    if ($conf.ExitCode -eq 0) { $facts.defaultUser = Get-PupWslConfDefaultUser -Text $conf.Stdout; $facts['wslConf'] = $conf.Stdout }
    else { $facts['wslConf'] = '' }
    if (-not $facts.defaultUser) { $facts.defaultUser = 'root' }
    if ($facts.userExists -and -not $facts.hasPassword) {
        return @{ state = 'absent'; facts = $facts; message = "$user exists in $distro but has no password yet." }
    }
    if ($facts.userExists -and $facts.defaultUser -eq $user) {
        return @{ state = 'present'; facts = $facts; message = "$user exists in $distro and is its default user." }
    }
    if ($facts.userExists) { return @{ state = 'absent'; facts = $facts; message = "$user exists in $distro, but the default user is $($facts.defaultUser)." } }
    return @{ state = 'absent'; facts = $facts; message = "$distro has no user $user yet." }
}

$set = {
    param($ctx, $before)
    $distro = $ctx.Params.distro; $user = $ctx.Params.distroUser
    if (-not $before.facts.distroInstalled) {
        throw (New-PupException -Code 'DISTRO_MISSING' -Message "The distribution $distro is not installed, so its user cannot be created. Let setup install it first (the distro step).")
    }
    if (-not $before.facts.userExists -or -not $before.facts.hasPassword) {
        if ([string]::IsNullOrEmpty($script:Password)) {
            throw (New-PupException -Code 'PASSWORD_MISSING' -Message "No password for the Linux user $user was handed to this step, so the user was not created. Run the step from Pupperware Setup, which asks for the password and passes it safely.")
        }
        if ($script:Password -match "[`r`n`0:]") {
            throw (New-PupException -Code 'PASSWORD_INVALID' -Message 'The password contains a line break, NUL or ":", which chpasswd cannot take. Choose another password.')
        }
        if (-not $before.facts.userExists) {
            Write-Host "  useradd -m -s /bin/bash -G sudo $user"
            $r = Invoke-AsRoot -Distro $distro -Command @('useradd', '-m', '-s', '/bin/bash', '-G', 'sudo', $user)
            Assert-Linux $r "Creating the user $user in $distro"
            $ctx.Changed = $true
        }
        Write-Host "  setting the password of $user (chpasswd, from standard input)"
        $r = Invoke-AsRoot -Distro $distro -Command @('chpasswd') -StdinText ($user + ':' + $script:Password + "`n") -WithStdin
        $script:Password = $null
        Assert-Linux $r "Setting the password of $user"
    }
    if ($before.facts.defaultUser -ne $user) {
        Write-Host "  /etc/wsl.conf: [user] default=$user"
        $text = Set-PupWslConfDefaultUser -Text ([string]$before.facts.wslConf) -User $user
        $r = Invoke-AsRoot -Distro $distro -Command @('tee', '/etc/wsl.conf') -StdinText $text -WithStdin
        Assert-Linux $r "Writing /etc/wsl.conf in $distro"
        $ctx.Changed = $true
    }
    Write-Host "  wsl --terminate $distro (the default user applies at the next start)"
    $t = Invoke-PupTool -Command wsl -Arguments @('--terminate', $distro) -TimeoutSeconds 60
    if ($t.TimedOut -or $t.ExitCode -ne 0) { throw (New-PupToolException -Result $t -What "Stopping $distro") }
    return @{ message = "$user is set up in $distro and is its default user." }
}

exit (Invoke-PupStep -StepId 'distro-user' -Mode $Mode -ParamsPath $ParamsPath -ResultPath $ResultPath -Test $test -Set $set)
