# SimHost.psm1 -- the host primitives of docs/step-contract.md, backed by the simulated machine state
# file named by $env:PUPPERWARE_SIM_STATE (format: docs/scenarios.md, created by src/engine/sim/machine.ts).
#
# Every primitive reads the state; every mutation is a read-modify-write ending in an atomic replace,
# and appends { seq, op, target, boot } to `changes`. Native commands are answered by small
# interpreters whose outputs are shaped like the real captures in tests/fixtures/windows-outputs
# (wsl.exe writes UTF-16LE without BOM unless it honours WSL_UTF8=1, and so on), so the decoding
# and parsing code in PupperwareSetup.psm1 is the same in both worlds.
#
# Keys the scenario format does not document are read with a default when missing:
#   clock.seconds (0), docker.desktopStartedAt (null), docker.installedSession (null),
#   distroPackages ([]: distros downloaded by `wsl --install --no-launch`, not registered yet),
#   groupMemberSessions ({ group: { member: logonSession } }: when a member was added),
#   distros[].wslConf (text of /etc/wsl.conf once written; else derived from defaultUser).
# Secrets: the password sent to chpasswd is never stored; only the user name goes to passwordUsers.
#
# Windows PowerShell 5.1 compatible, ASCII only.

$ErrorActionPreference = 'Stop'

$script:Utf8NoBom = New-Object System.Text.UTF8Encoding $false
$script:Nbsp = [string][char]0xA0
$script:MinDockerWsl = '2.1.5'
$script:DockerCli = '28.5.1'
$script:DockerApi = '1.51'
$script:ComposeV2 = '2.40.3-desktop.1'
$script:DefaultKernel = '6.6.87.2-1'
$script:MsiKernel = '5.10.16.3'
$script:WslPackageVersion = '2.6.3.0'
$script:DockerPipeError = 'error during connect: {0} "http://%2F%2F.%2Fpipe%2FdockerDesktopLinuxEngine/v1.51/{1}": open //./pipe/dockerDesktopLinuxEngine: The system cannot find the file specified.'
$script:DockerUsersError = "You are not allowed to use Docker, you must be in the 'docker-users' group."
$script:ProgramFilesDocker = 'C:\Program Files\Docker\Docker'

# Translated wsl.exe strings (RECONSTRUCTED.wsl-localized-format-strings.tsv); other text stays English.
$script:WslText = @{
    'en-US' = @{
        DefaultDistro = 'Default Distribution: {0}'; DefaultVersion = 'Default Version: {0}'
        ListHeader = 'Windows Subsystem for Linux Distributions:'; DefaultMarker = '{0} (Default)'; ErrorCode = 'Error code: {0}'
    }
    'fr-FR' = @{
        DefaultDistro = ('Distribution par d' + [char]0xE9 + 'faut' + $script:Nbsp + ': {0}')
        DefaultVersion = ('Version par d' + [char]0xE9 + 'faut' + $script:Nbsp + ': {0}')
        ListHeader = ('Distributions du Sous-syst' + [char]0xE8 + 'me Windows pour Linux' + $script:Nbsp + ':')
        DefaultMarker = ('{0} (par d' + [char]0xE9 + 'faut)')
        ErrorCode = ("Code d'erreur" + $script:Nbsp + ': {0}')
    }
    'de-DE' = @{
        DefaultDistro = 'Standarddistribution: {0}'; DefaultVersion = 'Standardversion: {0}'
        ListHeader = ('Windows Subsystem f' + [char]0xFC + 'r Linux-Distributionen:'); DefaultMarker = '{0} (Standard)'; ErrorCode = 'Fehlercode: {0}'
    }
}

# ---------------------------------------------------------------------------------------------
# State file
# ---------------------------------------------------------------------------------------------

function Get-SimStatePath {
    $p = $env:PUPPERWARE_SIM_STATE
    if (-not $p) { throw 'PUPPERWARE_SIM_STATE is not set: the simulator needs a machine state file.' }
    return $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)
}

function ConvertTo-SimData {
    param($InputObject)
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [System.Management.Automation.PSCustomObject]) {
        $d = [ordered]@{}
        foreach ($p in $InputObject.PSObject.Properties) { $d[$p.Name] = ConvertTo-SimData -InputObject $p.Value }
        return $d
    }
    if ($InputObject -is [System.Collections.IDictionary]) {
        $d = [ordered]@{}
        foreach ($k in $InputObject.Keys) { $d[[string]$k] = ConvertTo-SimData -InputObject $InputObject[$k] }
        return $d
    }
    if ($InputObject -is [System.Collections.IList]) {
        $list = New-Object System.Collections.ArrayList
        foreach ($item in $InputObject) { [void]$list.Add((ConvertTo-SimData -InputObject $item)) }
        return , $list
    }
    if ($InputObject -is [datetime]) { return $InputObject.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ') }
    return $InputObject
}

function New-SimList { return , (New-Object System.Collections.ArrayList) }

function Get-SimDefaults {
    # A fresh Windows 10 2004 Pro PC (docs/scenarios.md), plus the simulator's own bookkeeping.
    $interactive = 'DESKTOP-PUP\dev'
    return [ordered]@{
        schema = 'pupperware-sim-state/1'; scenario = 'unnamed'
        os = [ordered]@{ build = 19041; ubr = 264; caption = 'Microsoft Windows 10 Pro'; edition = 'Professional'; is64Bit = $true; locale = 'en-US' }
        hardware = [ordered]@{ virtualizationFirmwareEnabled = $true; hypervisorPresent = $false; manufacturer = 'Dell Inc.'; model = 'OptiPlex 7080'; nestedVirtualization = $true; freeDiskGB = 120; memoryGB = 16 }
        users = [ordered]@{ interactive = $interactive; elevated = $null; isAdmin = $true }
        features = [ordered]@{ 'Microsoft-Windows-Subsystem-Linux' = 'Disabled'; 'VirtualMachinePlatform' = 'Disabled'; 'Microsoft-Hyper-V' = 'Disabled' }
        pendingReboot = [ordered]@{ cbs = $false; windowsUpdate = $false; computerRename = $false; pendingFileRename = $false }
        wsl = [ordered]@{ kind = 'none'; version = $script:WslPackageVersion; kernelVersion = $script:DefaultKernel; defaultVersion = 1; honoursUtf8 = $null }
        distros = (New-SimList)
        availableDistros = [System.Collections.ArrayList]@('Ubuntu', 'Ubuntu-22.04', 'Ubuntu-24.04', 'Debian')
        docker = [ordered]@{ installed = $false; version = '4.49.0'; engineRunning = $false; desktopRunning = $false; autoStart = $true; engineStartSeconds = 20; compose = 'v2'; wslIntegration = $true; desktopStartedAt = $null; installedSession = $null }
        packageManagers = [ordered]@{ winget = $true; choco = $false }
        groups = [ordered]@{ Administrators = [System.Collections.ArrayList]@($interactive) }
        firewallRules = (New-SimList); scheduledTasks = (New-SimList)
        network = [ordered]@{ downloads = 'ok' }
        faults = (New-SimList)
        boot = [ordered]@{ bootTime = '2026-11-30T08:00:00.000Z'; bootCount = 0; logonSession = 1 }
        clock = [ordered]@{ seconds = 0 }
        changes = (New-SimList); faultsFired = [ordered]@{}
        distroPackages = (New-SimList); groupMemberSessions = [ordered]@{}
    }
}

function Merge-SimDefaults {
    # Missing keys take their default; objects merge key by key; arrays and values are kept whole.
    param($State, $Defaults)
    foreach ($k in @($Defaults.Keys)) {
        if (-not $State.Contains($k)) { $State[$k] = $Defaults[$k]; continue }
        if ($State[$k] -is [System.Collections.IDictionary] -and $Defaults[$k] -is [System.Collections.IDictionary] -and $k -ne 'features' -and $k -ne 'groups') {
            Merge-SimDefaults -State $State[$k] -Defaults $Defaults[$k]
        }
    }
}

function Read-SimState {
    $path = Get-SimStatePath
    if (-not [System.IO.File]::Exists($path)) { throw "The simulated machine state file $path does not exist." }
    $options = @{}
    if ((Get-Command ConvertFrom-Json).Parameters.ContainsKey('DateKind')) { $options['DateKind'] = 'String' }
    $state = ConvertTo-SimData -InputObject ([System.IO.File]::ReadAllText($path) | ConvertFrom-Json @options)
    if (-not ($state -is [System.Collections.IDictionary])) { throw "The simulated machine state file $path is damaged." }
    Merge-SimDefaults -State $state -Defaults (Get-SimDefaults)
    if (-not $state.users.elevated) { $state.users.elevated = $state.users.interactive }
    if ($null -eq $state.wsl.honoursUtf8) { $state.wsl.honoursUtf8 = ($state.wsl.kind -eq 'store') }
    foreach ($d in $state.distros) {
        if (-not $d.Contains('users') -or $null -eq $d.users) { $d['users'] = [System.Collections.ArrayList]@('root') }
        if (-not $d.Contains('passwordUsers') -or $null -eq $d.passwordUsers) { $d['passwordUsers'] = (New-SimList) }
        if (-not $d.Contains('defaultUser') -or -not $d.defaultUser) { $d['defaultUser'] = 'root' }
        if (-not $d.Contains('version') -or $null -eq $d.version) { $d['version'] = 2 }
    }
    return $state
}

function Save-SimState {
    param([Parameter(Mandatory = $true)]$State)
    $path = Get-SimStatePath
    $json = ConvertTo-Json -InputObject $State -Depth 30
    $tmp = "$path.tmp$PID"
    [System.IO.File]::WriteAllText($tmp, $json, $script:Utf8NoBom)
    Move-Item -LiteralPath $tmp -Destination $path -Force
}

function Add-SimChange {
    param([Parameter(Mandatory = $true)]$State, [Parameter(Mandatory = $true)][string]$Op, [string]$Target = '')
    $max = 0
    foreach ($c in $State.changes) { if ([int]$c.seq -gt $max) { $max = [int]$c.seq } }
    [void]$State.changes.Add([ordered]@{ seq = $max + 1; op = $Op; target = $Target; boot = [int]$State.boot.bootCount })
}

# ---------------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------------

function Get-SimFaultFired {
    param($State, [int]$Index)
    $ff = $State.faultsFired
    if ($ff -is [System.Collections.IList]) { if ($Index -lt $ff.Count -and $null -ne $ff[$Index]) { return [int]$ff[$Index] }; return 0 }
    if ($ff.Contains([string]$Index)) { return [int]$ff[[string]$Index] }
    return 0
}

function Find-SimFault {
    # The first fault for this operation that has not used up its `times`; $null when none applies.
    param($State, [string[]]$Command, [string]$Feature)
    for ($i = 0; $i -lt $State.faults.Count; $i++) {
        $f = $State.faults[$i]
        if ($Command -notcontains [string]$f.command) { continue }
        if ($f.Contains('neverActivates') -and $f.neverActivates) { continue }
        if ($f.Contains('feature') -and $f.feature -and $f.feature -ne $Feature) { continue }
        if ($f.Contains('times') -and $null -ne $f.times -and (Get-SimFaultFired -State $State -Index $i) -ge [int]$f.times) { continue }
        return @{ Index = $i; Fault = $f }
    }
    return $null
}

function Register-SimFaultFired {
    param($State, $Found)
    $key = [string]$Found.Index
    if ($State.faultsFired -is [System.Collections.IList]) { $State.faultsFired = [ordered]@{} }
    $State.faultsFired[$key] = (Get-SimFaultFired -State $State -Index $Found.Index) + 1
}

function Test-SimSuccessCode { param($Code) return (@(0, 3010, 1641) -contains [int]$Code) }

function Wait-SimHang {
    # A hung operation: sleeps until the caller's timeout (like a real hung child that is then
    # killed), or forever without one so that the engine's step timeout must end it.
    param([int]$TimeoutSeconds)
    if ($TimeoutSeconds -gt 0) { Start-Sleep -Seconds $TimeoutSeconds; return }
    while ($true) { Start-Sleep -Seconds 3600 }
}

# ---------------------------------------------------------------------------------------------
# Machine facts the interpreters share
# ---------------------------------------------------------------------------------------------

function Test-SimVirtualMachine {
    param([string]$Manufacturer, [string]$Model)
    return (($Model -match 'Virtual Machine|VMware|VirtualBox|KVM|QEMU|HVM domU|Standard PC') -or ($Manufacturer -match 'VMware|QEMU|innotek|Xen|Parallels|Red Hat'))
}

function Test-SimHypervisorCapable {
    param($State)
    $hw = $State.hardware
    if (Test-SimVirtualMachine -Manufacturer $hw.manufacturer -Model $hw.model) { return [bool]$hw.nestedVirtualization }
    return ([bool]$hw.virtualizationFirmwareEnabled -or [bool]$hw.hypervisorPresent)
}

function Get-SimFeature { param($State, [string]$Name) if ($State.features.Contains($Name)) { return $State.features[$Name] }; return $null }

function Test-SimStoreWsl { param($State) return ($State.wsl.kind -eq 'store') }

function Test-SimKernelPresent {
    param($State)
    if (Test-SimStoreWsl $State) { return $true }
    return ($State.wsl.kind -eq 'inbox' -and [bool]$State.wsl.kernelVersion)
}

function Get-SimWslBlocker {
    # Why wsl.exe cannot do something: 'component' (WSL optional component off or only EnablePending),
    # 'hypervisor' (VirtualMachinePlatform off, virtualization off, VM without nested virtualization),
    # 'kernel' (inbox WSL without the WSL 2 kernel), or $null. -Vm: the operation starts the WSL 2 VM.
    param($State, [switch]$Vm)
    $store = Test-SimStoreWsl $State
    $wslFeature = Get-SimFeature $State 'Microsoft-Windows-Subsystem-Linux'
    $vmp = Get-SimFeature $State 'VirtualMachinePlatform'
    if (-not $store -and $wslFeature -ne 'Enabled') { return 'component' }
    if (-not $Vm) { return $null }
    if ($vmp -eq 'EnablePending') { return 'component' }
    if ($vmp -ne 'Enabled' -or -not (Test-SimHypervisorCapable $State)) { return 'hypervisor' }
    if (-not (Test-SimKernelPresent $State)) { return 'kernel' }
    return $null
}

function Find-SimDistro {
    param($State, [string]$Name)
    foreach ($d in $State.distros) { if ([string]$d.name -ieq $Name) { return $d } }
    return $null
}

function Test-SimEffectiveMember {
    # Group membership counts from the next logon session after it was added.
    param($State, [string]$Group, [string]$Account)
    if (-not $State.groups.Contains($Group)) { return $false }
    $found = $null
    foreach ($m in $State.groups[$Group]) { if ([string]$m -ieq $Account) { $found = [string]$m } }
    if (-not $found) { return $false }
    $sessions = $State.groupMemberSessions
    if ($sessions.Contains($Group)) {
        foreach ($k in @($sessions[$Group].Keys)) {
            if ($k -ieq $Account -and [int]$sessions[$Group][$k] -ge [int]$State.boot.logonSession) { return $false }
        }
    }
    return $true
}

function Install-SimDocker {
    param($State, [string]$Source)
    if ($State.docker.installed) {
        # A forced reinstall over a broken installation: the Compose plugin comes back.
        $State.docker.compose = 'v2'
        Add-SimChange -State $State -Op 'repair-docker-desktop' -Target $Source
        return
    }
    $State.docker.installed = $true
    $State.docker.installedSession = [int]$State.boot.logonSession
    if (-not $State.groups.Contains('docker-users')) { $State.groups['docker-users'] = (New-SimList) }
    Add-SimChange -State $State -Op 'install-docker-desktop' -Target $Source
}

function Get-SimDockerKernel {
    param($State)
    $k = [string]$State.wsl.kernelVersion
    if (-not $k) { $k = $script:DefaultKernel }
    return (($k -replace '-\d+$', '') + '-microsoft-standard-WSL2')
}

function Get-SimEngineStatus {
    # 'ready', 'users' (interactive user not in docker-users in this logon session), 'stopped'
    # (Docker Desktop not started or the engine cannot run on this WSL), or 'starting'.
    param($State)
    $d = $State.docker
    if (-not (Test-SimEffectiveMember -State $State -Group 'docker-users' -Account $State.users.interactive)) { return 'users' }
    if ($d.engineRunning) { return 'ready' }
    if (-not $d.desktopRunning) { return 'stopped' }
    $wslOk = (Test-SimStoreWsl $State) -and (Test-SimVersionAtLeast ([string]$State.wsl.version) $script:MinDockerWsl) -and
        [bool]$d.wslIntegration -and ($null -eq (Get-SimWslBlocker -State $State -Vm))
    if (-not $wslOk) { return 'stopped' }
    $started = 0
    if ($null -ne $d.desktopStartedAt) { $started = [double]$d.desktopStartedAt }
    if ([double]$State.clock.seconds -lt $started + [double]$d.engineStartSeconds) { return 'starting' }
    return 'ready'
}

function Test-SimVersionAtLeast {
    param([string]$Version, [string]$Minimum)
    $a = [regex]::Match($Version, '^\d+(\.\d+){1,3}').Value
    if (-not $a) { return $false }
    return ([version]$a -ge [version]$Minimum)
}

# ---------------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------------

function Get-SimBytes {
    param([string]$Text, [switch]$Utf16)
    if ([string]::IsNullOrEmpty($Text)) { return [byte[]]@() }
    if ($Utf16) { return [System.Text.Encoding]::Unicode.GetBytes($Text) }
    return $script:Utf8NoBom.GetBytes($Text)
}

function New-SimOutput {
    # One simulated process run. -Utf16: wsl.exe's encoding. Text is given with LF; -Crlf writes CR LF.
    param([int]$ExitCode = 0, [string]$Stdout = '', [string]$Stderr = '', [switch]$Utf16, [switch]$Crlf, [switch]$Hang)
    if ($Crlf) { $Stdout = $Stdout -replace "`r?`n", "`r`n"; $Stderr = $Stderr -replace "`r?`n", "`r`n" }
    return @{ ExitCode = $ExitCode; Out = (Get-SimBytes -Text $Stdout -Utf16:$Utf16); Err = (Get-SimBytes -Text $Stderr -Utf16:$Utf16); Hang = [bool]$Hang }
}

function New-SimNotFound {
    param([string]$Command)
    return (New-SimOutput -ExitCode 9009 -Stderr "'$Command' is not recognized as an internal or external command,`r`noperable program or batch file.`r`n")
}

function Get-SimWslText { param($State, [string]$Key) $t = $script:WslText[[string]$State.os.locale]; if (-not $t) { $t = $script:WslText['en-US'] }; return $t[$Key] }

function Format-SimWslMessage {
    # A wsl.exe resource message: embedded line breaks come out as CR CR LF, the last one as CR LF.
    param([string[]]$Lines)
    return (($Lines -join "`r`r`n") + "`r`n")
}

function New-SimWslOutput {
    # wsl.exe output: UTF-16LE without BOM, unless WSL_UTF8=1 and this wsl.exe honours it.
    param($Ctx, [int]$ExitCode = 0, [string]$Stdout = '', [string]$Stderr = '')
    $utf8 = [bool]$Ctx.State.wsl.honoursUtf8 -and $null -ne $Ctx.Env -and [string]$Ctx.Env['WSL_UTF8'] -eq '1'
    return (New-SimOutput -ExitCode $ExitCode -Stdout $Stdout -Stderr $Stderr -Utf16:(-not $utf8))
}

function New-SimWslError {
    param($Ctx, [string[]]$Lines, [string]$Code)
    $all = @($Lines)
    if ($Code) { $all += ((Get-SimWslText $Ctx.State 'ErrorCode') -f $Code) }
    return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stderr (Format-SimWslMessage -Lines $all))
}

function New-SimWslBlockerOutput {
    # What wsl.exe prints when it cannot do what was asked (see Get-SimWslBlocker).
    param($Ctx, [string]$Blocker, [string]$Operation = 'CreateInstance')
    $store = Test-SimStoreWsl $Ctx.State
    switch ($Blocker) {
        'component' {
            if ($store) {
                return (New-SimWslError -Ctx $Ctx -Code 'Wsl/WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED' -Lines @(
                        'This application requires the Windows Subsystem for Linux Optional Component.',
                        'Install it by running: wsl.exe --install --no-distribution',
                        'The system may need to be restarted so the changes can take effect.'))
            }
            return (New-SimWslError -Ctx $Ctx -Lines @(
                    'The Windows Subsystem for Linux optional component is not enabled. Please enable it and try again.',
                    'See https://aka.ms/wslinstall for details.', 'Error: 0x8007019e'))
        }
        'hypervisor' {
            if ($store) {
                return (New-SimWslError -Ctx $Ctx -Code "Wsl/Service/$Operation/CreateVm/HCS_E_HYPERV_NOT_INSTALLED" -Lines @(
                        'WSL2 is not supported with your current machine configuration.',
                        'Please enable the "Virtual Machine Platform" optional component and ensure virtualization is enabled in the BIOS.',
                        'Enable "Virtual Machine Platform" by running: wsl.exe --install --no-distribution',
                        'For information please visit https://aka.ms/enablevirtualization'))
            }
            if ((Get-SimFeature $Ctx.State 'VirtualMachinePlatform') -ne 'Enabled') {
                return (New-SimWslError -Ctx $Ctx -Lines @(
                        'Please enable the Virtual Machine Platform Windows feature and ensure virtualization is enabled in the BIOS.',
                        'For information please visit https://aka.ms/wsl2-install'))
            }
            return (New-SimWslError -Ctx $Ctx -Lines @('Error: 0x80370102 The virtual machine could not be started because a required feature is not installed.'))
        }
        'kernel' {
            return (New-SimWslError -Ctx $Ctx -Lines @('Error: 0x800701bc', 'WSL 2 requires an update to its kernel component. For information please visit https://aka.ms/wsl2kernel'))
        }
    }
    return $null
}

function Get-SimWslUsage {
    param([string]$BadOption)
    $lines = @()
    if ($BadOption) { $lines += "Invalid command line option: $BadOption" }
    $lines += @('Copyright (c) Microsoft Corporation. All rights reserved.', '',
        'Usage: wsl.exe [Argument] [Options...] [CommandLine]', '',
        'Arguments for running Linux binaries:', '',
        '    If no command line is provided, wsl.exe launches the default shell.', '',
        '    --exec, -e <CommandLine>', '        Execute the specified command without using the default Linux shell.', '',
        '    --', '        Pass the remaining command line as is.', '',
        'Options:', '    --distribution, -d <Distro>', '        Run the specified distribution.', '',
        '    --user, -u <UserName>', '        Run as the specified user.', '',
        'Arguments for managing Windows Subsystem for Linux:', '',
        '    --install <Distro>', '        Install a Windows Subsystem for Linux distribution.', '',
        '    --list, -l [Options]', '        Lists distributions.', '',
        '    --set-default-version <Version>', '        Changes the default install version for new distributions.', '',
        '    --set-version <Distro> <Version>', '        Changes the version of the specified distribution.', '',
        '    --status', '        Show the status of Windows Subsystem for Linux.', '',
        '    --terminate, -t <Distro>', '        Terminates the specified distribution.', '',
        '    --update', '        Update the Windows Subsystem for Linux kernel.')
    return (Format-SimWslMessage -Lines $lines)
}

# ---------------------------------------------------------------------------------------------
# wsl.exe
# ---------------------------------------------------------------------------------------------

function Invoke-SimWsl {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    if ($a.Count -eq 0) { return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stderr (Get-SimWslUsage)) }
    $verb = [string]$a[0]
    $store = Test-SimStoreWsl $s
    switch -regex ($verb) {
        '^(--version|-v)$' {
            if (-not $store) { return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stdout (Get-SimWslUsage -BadOption $verb)) }
            $lines = @("WSL version: $($s.wsl.version)", "Kernel version: $($s.wsl.kernelVersion)", 'WSLg version: 1.0.71',
                'MSRDC version: 1.2.6353', 'Direct3D version: 1.611.1-81528511', 'DXCore version: 10.0.26100.1-240331-1435.ge-release',
                "Windows version: 10.0.$($s.os.build).$($s.os.ubr)")
            return (New-SimWslOutput -Ctx $Ctx -Stdout (($lines -join "`r`n") + "`r`n"))
        }
        '^--help$' { return (New-SimWslOutput -Ctx $Ctx -Stdout (Get-SimWslUsage)) }
        '^--status$' { return (Invoke-SimWslStatus $Ctx) }
        '^(-l|--list)$' { return (Invoke-SimWslList $Ctx) }
        '^--set-default-version$' { return (Invoke-SimWslSetDefaultVersion $Ctx) }
        '^--set-version$' { return (Invoke-SimWslSetVersion $Ctx) }
        '^--install$' { return (Invoke-SimWslInstall $Ctx) }
        '^--update$' { return (Invoke-SimWslUpdate $Ctx) }
        '^(-t|--terminate)$' {
            $b = Get-SimWslBlocker -State $s
            if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
            $d = $null
            if ($a.Count -gt 1) { $d = Find-SimDistro $s $a[1] }
            if ($null -eq $d) { return (New-SimWslError -Ctx $Ctx -Lines @('There is no distribution with the supplied name.') -Code 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND') }
            Add-SimChange -State $s -Op 'terminate-distro' -Target ([string]$d.name); $Ctx.Dirty = $true
            return (New-SimWslOutput -Ctx $Ctx -Stdout (Format-SimWslMessage -Lines @('The operation completed successfully.')))
        }
        '^--shutdown$' { return (New-SimWslOutput -Ctx $Ctx) }
        '^(-d|--distribution|-u|--user|-e|--exec|--)$' { return (Invoke-SimWslRun $Ctx) }
        default { return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stderr (Get-SimWslUsage -BadOption $verb)) }
    }
}

function Invoke-SimWslStatus {
    param($Ctx)
    $s = $Ctx.State
    $b = Get-SimWslBlocker -State $s
    if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
    $lines = @()
    if ($s.distros.Count -gt 0) { $lines += ((Get-SimWslText $s 'DefaultDistro') -f $s.distros[0].name) }
    $lines += ((Get-SimWslText $s 'DefaultVersion') -f $s.wsl.defaultVersion)
    if (-not (Test-SimStoreWsl $s)) {
        $lines += @('', 'Windows Subsystem for Linux was last updated on 27-Mar-22', 'WSL automatic updates are on.', '')
        if (Test-SimKernelPresent $s) { $lines += "Kernel version: $($s.wsl.kernelVersion)" }
        else { $lines += "The WSL 2 kernel file is not found. To update or restore the kernel please run 'wsl --update'." }
    }
    return (New-SimWslOutput -Ctx $Ctx -Stdout (($lines -join "`r`n") + "`r`n"))
}

function Invoke-SimWslList {
    param($Ctx)
    $s = $Ctx.State
    $b = Get-SimWslBlocker -State $s
    if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
    $verbose = (@($Ctx.Args) -contains '-v') -or (@($Ctx.Args) -contains '--verbose')
    $rows = New-Object System.Collections.ArrayList
    foreach ($d in $s.distros) { [void]$rows.Add(@{ name = [string]$d.name; state = 'Stopped'; version = [int]$d.version }) }
    if ($s.docker.installed -and $s.docker.engineRunning) { [void]$rows.Add(@{ name = 'docker-desktop'; state = 'Running'; version = 2 }) }
    if ($rows.Count -eq 0) {
        return (New-SimWslError -Ctx $Ctx -Code 'Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND' -Lines @(
                'Windows Subsystem for Linux has no installed distributions.',
                'You can resolve this by installing a distribution with the instructions below:', '',
                "Use 'wsl.exe --list --online' to list available distributions",
                "and 'wsl.exe --install <Distro>' to install."))
    }
    if (-not $verbose) {
        $lines = @((Get-SimWslText $s 'ListHeader'))
        for ($i = 0; $i -lt $rows.Count; $i++) {
            if ($i -eq 0) { $lines += ((Get-SimWslText $s 'DefaultMarker') -f $rows[$i].name) } else { $lines += $rows[$i].name }
        }
        return (New-SimWslOutput -Ctx $Ctx -Stdout (($lines -join "`r`n") + "`r`n"))
    }
    $width = 4
    foreach ($r in $rows) { if ($r.name.Length -gt $width) { $width = $r.name.Length } }
    $width += 4
    $lines = @('  ' + 'NAME'.PadRight($width) + 'STATE'.PadRight(16) + 'VERSION')
    for ($i = 0; $i -lt $rows.Count; $i++) {
        $mark = '  '
        if ($i -eq 0) { $mark = '* ' }
        $lines += ($mark + $rows[$i].name.PadRight($width) + $rows[$i].state.PadRight(16) + $rows[$i].version)
    }
    return (New-SimWslOutput -Ctx $Ctx -Stdout (($lines -join "`r`n") + "`r`n"))
}

function Invoke-SimWslSetDefaultVersion {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $b = Get-SimWslBlocker -State $s
    if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
    $v = ''
    if ($a.Count -gt 1) { $v = [string]$a[1] }
    if ($v -ne '1' -and $v -ne '2') { return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stderr (Get-SimWslUsage -BadOption $v)) }
    if ($v -eq '2' -and -not (Test-SimKernelPresent $s)) {
        return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stderr (Format-SimWslMessage -Lines @('WSL 2 requires an update to its kernel component. For information please visit https://aka.ms/wsl2kernel')))
    }
    if ([int]$s.wsl.defaultVersion -ne [int]$v) {
        $s.wsl.defaultVersion = [int]$v
        Add-SimChange -State $s -Op 'set-default-version' -Target $v; $Ctx.Dirty = $true
    }
    return (New-SimWslOutput -Ctx $Ctx -Stdout (Format-SimWslMessage -Lines @('For information on key differences with WSL 2 please visit https://aka.ms/wsl2', 'The operation completed successfully.')))
}

function Invoke-SimWslSetVersion {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    if ($a.Count -lt 3) { return (New-SimWslOutput -Ctx $Ctx -ExitCode -1 -Stderr (Get-SimWslUsage -BadOption '--set-version')) }
    $d = Find-SimDistro $s $a[1]
    $b = Get-SimWslBlocker -State $s
    if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
    if ($null -eq $d) { return (New-SimWslError -Ctx $Ctx -Lines @('There is no distribution with the supplied name.') -Code 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND') }
    $v = [int]$a[2]
    if ($v -eq 2) {
        $b = Get-SimWslBlocker -State $s -Vm
        if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b -Operation 'CreateVm') }
    }
    if ([int]$d.version -eq $v) {
        return (New-SimWslError -Ctx $Ctx -Lines @('The distribution is already the requested version.') -Code 'Wsl/Service/WSL_E_VM_MODE_INVALID_STATE')
    }
    $d.version = $v
    Add-SimChange -State $s -Op 'set-version' -Target ("$($d.name)=$v"); $Ctx.Dirty = $true
    return (New-SimWslOutput -Ctx $Ctx -Stdout (Format-SimWslMessage -Lines @('For information on key differences with WSL 2 please visit https://aka.ms/wsl2', 'Conversion in progress, this may take a few minutes.', 'The operation completed successfully.')))
}

function Invoke-SimWslInstall {
    # `wsl --install [-d <Distro>] [--no-launch] [--no-distribution] [--web-download]`.
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $fault = Find-SimFault -State $s -Command @('wsl-install')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        return (New-SimWslOutput -Ctx $Ctx -ExitCode ([int]$fault.Fault.exitCode) -Stderr ([string]$fault.Fault.output + "`r`n"))
    }
    $distro = $null
    for ($i = 1; $i -lt $a.Count; $i++) {
        if (($a[$i] -eq '-d' -or $a[$i] -eq '--distribution') -and $i + 1 -lt $a.Count) { $distro = [string]$a[$i + 1] }
    }
    $noLaunch = $a -contains '--no-launch'
    # Without the optional components, `wsl --install` turns them on first, and exits 0 although a
    # restart is needed (WSL#6474).
    $wslF = Get-SimFeature $s 'Microsoft-Windows-Subsystem-Linux'
    $vmp = Get-SimFeature $s 'VirtualMachinePlatform'
    if ($wslF -eq 'EnablePending' -or $vmp -eq 'EnablePending') {
        return (New-SimWslOutput -Ctx $Ctx -Stdout (Format-SimWslMessage -Lines @('No action was taken as a system reboot is required.')))
    }
    if ($wslF -ne 'Enabled' -or $vmp -ne 'Enabled') {
        $lines = @()
        foreach ($pair in @(@('VirtualMachinePlatform', 'Virtual Machine Platform'), @('Microsoft-Windows-Subsystem-Linux', 'Windows Subsystem for Linux'))) {
            if ((Get-SimFeature $s $pair[0]) -ne 'Enabled') {
                $s.features[$pair[0]] = 'EnablePending'
                Add-SimChange -State $s -Op 'enable-feature' -Target $pair[0]
                $lines += @("Installing: $($pair[1])", "$($pair[1]) has been installed.")
            }
        }
        $s.pendingReboot.cbs = $true; $Ctx.Dirty = $true
        if ($distro) { $lines += "Downloading: $distro" }
        $lines += 'The requested operation is successful. Changes will not be effective until the system is rebooted.'
        return (New-SimWslOutput -Ctx $Ctx -Stdout (($lines -join "`r`n") + "`r`n"))
    }
    if (-not $distro) {
        if ($a -contains '--no-distribution') { return (New-SimWslOutput -Ctx $Ctx -Stdout (Format-SimWslMessage -Lines @('The operation completed successfully.'))) }
        $distro = 'Ubuntu'
    }
    $known = $null
    foreach ($n in $s.availableDistros) { if ([string]$n -ieq $distro) { $known = [string]$n } }
    if (-not $known) {
        return (New-SimWslError -Ctx $Ctx -Code 'Wsl/InstallDistro/WSL_E_DISTRO_NOT_FOUND' -Lines @("Invalid distribution name: '$distro'.", "To get a list of valid distributions, use 'wsl.exe --list --online'."))
    }
    if ($null -ne (Find-SimDistro $s $known)) {
        return (New-SimWslError -Ctx $Ctx -Code 'Wsl/InstallDistro/Service/RegisterDistro/ERROR_ALREADY_EXISTS' -Lines @("Downloading: $known", "Installing: $known", 'A distribution with the supplied name already exists. Use --name to chose a different name.'))
    }
    if ($s.network.downloads -eq 'fail') {
        return (New-SimWslError -Ctx $Ctx -Code 'Wsl/InstallDistro/0x80072efd' -Lines @("Downloading: $known", 'A connection with the server could not be established'))
    }
    $packaged = $false
    foreach ($p in $s.distroPackages) { if ([string]$p -ieq $known) { $packaged = $true } }
    if (-not $packaged) {
        [void]$s.distroPackages.Add($known)
        Add-SimChange -State $s -Op 'install-distro' -Target $known; $Ctx.Dirty = $true
    }
    if ($noLaunch) {
        return (New-SimWslOutput -Ctx $Ctx -Stdout ((("Downloading: $known", "Installing: $known", "$known has been installed.") -join "`r`n") + "`r`n"))
    }
    $reg = Register-SimDistro -Ctx $Ctx -Name $known
    if ($reg) { return $reg }
    return (New-SimWslOutput -Ctx $Ctx -Stdout ((("Downloading: $known", "Installing: $known", "Distribution successfully installed. It can be launched via 'wsl.exe -d $known'") -join "`r`n") + "`r`n"))
}

function Register-SimDistro {
    # Registers a downloaded distro at the default version; returns an error output or $null.
    param($Ctx, [string]$Name)
    $s = $Ctx.State
    $v = [int]$s.wsl.defaultVersion
    $b = $null
    if ($v -eq 2) { $b = Get-SimWslBlocker -State $s -Vm } else { $b = Get-SimWslBlocker -State $s }
    if ($b) { return @{ Blocker = $b } }
    [void]$s.distros.Add([ordered]@{ name = $Name; version = $v; users = [System.Collections.ArrayList]@('root'); defaultUser = 'root'; passwordUsers = (New-SimList) })
    Add-SimChange -State $s -Op 'register-distro' -Target $Name; $Ctx.Dirty = $true
    return $null
}

function Invoke-SimWslUpdate {
    param($Ctx)
    $s = $Ctx.State
    $fault = Find-SimFault -State $s -Command @('wsl-update')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        $code = [int]$fault.Fault.exitCode
        if (-not (Test-SimSuccessCode $code)) {
            return (New-SimWslOutput -Ctx $Ctx -ExitCode $code -Stderr ([string]$fault.Fault.output + "`r`n"))
        }
    }
    if (Test-SimStoreWsl $s) {
        return (New-SimWslOutput -Ctx $Ctx -Stdout ((("Checking for updates.", 'The most recent version of Windows Subsystem for Linux is already installed.') -join "`r`n") + "`r`n"))
    }
    if ($s.network.downloads -eq 'fail') {
        return (New-SimWslError -Ctx $Ctx -Code 'Wsl/UpdatePackage/0x80072efd' -Lines @('Installing: Windows Subsystem for Linux', 'A connection with the server could not be established'))
    }
    $s.wsl.kind = 'store'
    $s.wsl.honoursUtf8 = $true
    if (-not $s.wsl.version) { $s.wsl.version = $script:WslPackageVersion }
    if (-not $s.wsl.kernelVersion) { $s.wsl.kernelVersion = $script:DefaultKernel }
    Add-SimChange -State $s -Op 'wsl-update' -Target ([string]$s.wsl.version); $Ctx.Dirty = $true
    return (New-SimWslOutput -Ctx $Ctx -Stdout ((('Installing: Windows Subsystem for Linux', 'Windows Subsystem for Linux has been installed.') -join "`r`n") + "`r`n"))
}

function Invoke-SimWslRun {
    # wsl [-d <Distro>] [-u <User>] [--|-e] <command...>: a Linux command inside a distro.
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $distroName = $null; $user = $null; $cmd = @()
    for ($i = 0; $i -lt $a.Count; $i++) {
        $x = [string]$a[$i]
        if (($x -eq '-d' -or $x -eq '--distribution') -and $i + 1 -lt $a.Count) { $distroName = [string]$a[$i + 1]; $i++; continue }
        if (($x -eq '-u' -or $x -eq '--user') -and $i + 1 -lt $a.Count) { $user = [string]$a[$i + 1]; $i++; continue }
        if ($x -eq '--' -or $x -eq '-e' -or $x -eq '--exec') { if ($i + 1 -lt $a.Count) { $cmd = @($a[($i + 1)..($a.Count - 1)]) }; break }
        $cmd = @($a[$i..($a.Count - 1)]); break
    }
    $b = Get-SimWslBlocker -State $s
    if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
    $d = $null
    if ($distroName) { $d = Find-SimDistro $s $distroName } elseif ($s.distros.Count -gt 0) { $d = $s.distros[0] }
    if ($null -eq $d) { return (New-SimWslError -Ctx $Ctx -Lines @('There is no distribution with the supplied name.') -Code 'Wsl/Service/WSL_E_DISTRO_NOT_FOUND') }
    if ([int]$d.version -eq 2) {
        $b = Get-SimWslBlocker -State $s -Vm
        if ($b) { return (New-SimWslBlockerOutput -Ctx $Ctx -Blocker $b) }
    }
    if (-not $user) { $user = [string]$d.defaultUser }
    if (@($d.users) -notcontains $user) {
        return (New-SimWslError -Ctx $Ctx -Lines @('User not found.') -Code 'Wsl/Service/CreateInstance/0x80070525')
    }
    return (Invoke-SimLinux -Ctx $Ctx -Distro $d -User $user -Command $cmd)
}

function Get-SimWslConf {
    param($Distro)
    if ($Distro.Contains('wslConf') -and $null -ne $Distro.wslConf) { return [string]$Distro.wslConf }
    if ($Distro.defaultUser -and $Distro.defaultUser -ne 'root') { return "[user]`ndefault=$($Distro.defaultUser)`n" }
    return $null
}

function Get-SimWslConfUser {
    param([string]$Text)
    $section = ''
    foreach ($line in ($Text -split "`r?`n")) {
        $l = $line.Trim()
        if ($l -match '^\[([^\]]+)\]') { $section = $Matches[1].Trim().ToLowerInvariant(); continue }
        if ($section -eq 'user' -and $l -match '^default\s*=\s*(.*)$') { return $Matches[1].Trim().Trim('"') }
    }
    return $null
}

function Invoke-SimLinux {
    # The few Linux commands the steps use. Linux programs write UTF-8 with LF (no wsl.exe re-encoding).
    param($Ctx, $Distro, [string]$User, [string[]]$Command)
    $s = $Ctx.State
    $c = @($Command)
    if ($c.Count -eq 0) { return (New-SimOutput -ExitCode 0) }
    $prog = [string]$c[0]
    $rest = @()
    if ($c.Count -gt 1) { $rest = @($c[1..($c.Count - 1)]) }
    $isRoot = ($User -eq 'root')
    $dn = [string]$Distro.name
    switch ($prog) {
        'id' {
            $target = $User
            $names = @($rest | Where-Object { $_ -notlike '-*' })
            if ($names.Count -gt 0) { $target = [string]$names[0] }
            $idx = [array]::IndexOf(@($Distro.users), $target)
            if ($idx -lt 0) { return (New-SimOutput -ExitCode 1 -Stderr "id: '$target': no such user`n") }
            $uid = 0
            if ($target -ne 'root') { $uid = 999 + $idx }
            return (New-SimOutput -Stdout "$uid`n")
        }
        'useradd' {
            if (-not $isRoot) { return (New-SimOutput -ExitCode 1 -Stderr "useradd: Permission denied.`nuseradd: cannot lock /etc/passwd; try again later.`n") }
            $name = [string]$c[-1]
            if (@($Distro.users) -contains $name) { return (New-SimOutput -ExitCode 9 -Stderr "useradd: user '$name' already exists`n") }
            [void]$Distro.users.Add($name)
            Add-SimChange -State $s -Op 'create-user' -Target "$dn/$name"; $Ctx.Dirty = $true
            return (New-SimOutput)
        }
        'chpasswd' {
            if (-not $isRoot) { return (New-SimOutput -ExitCode 1 -Stderr "chpasswd: Permission denied.`n") }
            $stdinText = [string]$Ctx.Stdin
            $lines = @($stdinText -split "`r?`n" | Where-Object { $_ -ne '' })
            if ($lines.Count -eq 0) { return (New-SimOutput -ExitCode 1 -Stderr "chpasswd: error detected, changes ignored`n") }
            $n = 0
            foreach ($line in $lines) {
                $n++
                $colon = $line.IndexOf(':')
                $name = ''
                if ($colon -gt 0) { $name = $line.Substring(0, $colon) }
                if (-not $name -or @($Distro.users) -notcontains $name) {
                    return (New-SimOutput -ExitCode 1 -Stderr "chpasswd: line $($n): user '$name' does not exist`nchpasswd: error detected, changes ignored`n")
                }
            }
            foreach ($line in $lines) {
                # Only the fact that a password was set is kept: never the password itself.
                $name = $line.Substring(0, $line.IndexOf(':'))
                if (@($Distro.passwordUsers) -notcontains $name) { [void]$Distro.passwordUsers.Add($name) }
                Add-SimChange -State $s -Op 'set-password' -Target "$dn/$name"; $Ctx.Dirty = $true
            }
            return (New-SimOutput)
        }
        'passwd' {
            # Only `passwd -S <user>`: the status line; P = usable password, L = locked (none set yet).
            if ($rest -notcontains '-S') { return (New-SimOutput -ExitCode 1 -Stderr "passwd: only -S is simulated`n") }
            if (-not $isRoot) { return (New-SimOutput -ExitCode 1 -Stderr "passwd: You may not view or modify password information for root.`n") }
            $name = [string]$c[-1]
            if (@($Distro.users) -notcontains $name) { return (New-SimOutput -ExitCode 1 -Stderr "passwd: user '$name' does not exist`n") }
            $status = 'L'
            if (@($Distro.passwordUsers) -contains $name) { $status = 'P' }
            return (New-SimOutput -Stdout "$name $status 11/30/2026 0 99999 7 -1`n")
        }
        'cat' {
            $path = [string]$c[-1]
            if ($path -eq '/etc/wsl.conf') {
                $conf = Get-SimWslConf $Distro
                if ($null -eq $conf) { return (New-SimOutput -ExitCode 1 -Stderr "cat: /etc/wsl.conf: No such file or directory`n") }
                return (New-SimOutput -Stdout $conf)
            }
            return (New-SimOutput -ExitCode 1 -Stderr "cat: $($path): No such file or directory`n")
        }
        'tee' {
            $path = [string]$c[-1]
            if ($path -ne '/etc/wsl.conf') { return (New-SimOutput -ExitCode 1 -Stderr "tee: $($path): Permission denied`n") }
            if (-not $isRoot) { return (New-SimOutput -ExitCode 1 -Stderr "tee: /etc/wsl.conf: Permission denied`n") }
            $content = [string]$Ctx.Stdin
            $Distro['wslConf'] = $content
            $newUser = Get-SimWslConfUser $content
            if (-not $newUser) { $newUser = 'root' }
            if ($newUser -ne [string]$Distro.defaultUser) {
                $Distro.defaultUser = $newUser
                Add-SimChange -State $s -Op 'set-default-user' -Target "$dn/$newUser"
            } else {
                Add-SimChange -State $s -Op 'write-file' -Target "$($dn):/etc/wsl.conf"
            }
            $Ctx.Dirty = $true
            return (New-SimOutput -Stdout $content)
        }
        'uname' {
            if ($rest -contains '-r') { return (New-SimOutput -Stdout ((Get-SimDockerKernel $s) + "`n")) }
            if ($rest -contains '-a') { return (New-SimOutput -Stdout ("Linux DESKTOP-PUP $(Get-SimDockerKernel $s) #1 SMP Thu Oct  9 22:07:53 UTC 2025 x86_64 x86_64 x86_64 GNU/Linux`n")) }
            return (New-SimOutput -Stdout "Linux`n")
        }
        'whoami' { return (New-SimOutput -Stdout "$User`n") }
        'true' { return (New-SimOutput) }
        default { return (New-SimOutput -ExitCode 127 -Stderr "/bin/bash: line 1: $($prog): command not found`n") }
    }
}

# ---------------------------------------------------------------------------------------------
# Docker CLI, compose, installers, package managers
# ---------------------------------------------------------------------------------------------

function Get-SimDockerClientText {
    return ("Client:`n Version:           $($script:DockerCli)`n API version:       $($script:DockerApi)`n Go version:        go1.24.8`n" +
        " Git commit:        e180ab8`n Built:             Wed Oct  8 12:19:16 2025`n OS/Arch:           windows/amd64`n Context:           desktop-linux`n")
}

function Get-SimDockerClientInfo {
    return [ordered]@{ Debug = $false; Context = 'desktop-linux'; Plugins = @([ordered]@{ SchemaVersion = '0.1.0'; Vendor = 'Docker Inc.'; Version = "v$($script:ComposeV2)"; ShortDescription = 'Docker Compose'; Name = 'compose'; Path = 'C:\Program Files\Docker\cli-plugins\docker-compose.exe' }); Warnings = $null }
}

function Get-SimDockerNotReady {
    # The CLI's answer while the engine is not reachable (fixture docker-version.dd-wsl2.en.3).
    param($State, [string]$Status, [string]$Method, [string]$ApiPath, [string]$Stdout = '', [string]$Prefix = '')
    $err = $Prefix + ($script:DockerPipeError -f $Method, $ApiPath) + "`n"
    if ($Status -eq 'users') {
        # Docker Desktop refuses to start for a user outside docker-users and says so in a dialog; the
        # simulator prints the dialog's text after the CLI error so that logs and diagnosis see it.
        $err = $err + $script:DockerUsersError + "`n"
    }
    return (New-SimOutput -ExitCode 1 -Stdout $Stdout -Stderr $err)
}

function Invoke-SimDocker {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    if (-not $s.docker.installed) { return (New-SimNotFound 'docker') }
    $fault = Find-SimFault -State $s -Command @('docker')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        return (New-SimOutput -ExitCode ([int]$fault.Fault.exitCode) -Stderr ([string]$fault.Fault.output + "`n"))
    }
    $sub = ''
    if ($a.Count -gt 0) { $sub = [string]$a[0] }
    $json = ($a -contains '{{json .}}')
    if ($sub -eq 'compose') {
        if ($s.docker.compose -ne 'v2') { return (New-SimOutput -ExitCode 1 -Stderr "docker: 'compose' is not a docker command.`nSee 'docker --help'`n") }
        if ($a -contains '--short') { return (New-SimOutput -Stdout (($script:ComposeV2 -replace '-desktop.*$', '') + "`n")) }
        return (New-SimOutput -Stdout "Docker Compose version v$($script:ComposeV2)`n")
    }
    if (@('version', 'info', 'run', 'ps') -notcontains $sub) {
        return (New-SimOutput -ExitCode 1 -Stderr "docker: '$sub' is not a docker command.`nSee 'docker --help'`n")
    }
    $status = Get-SimEngineStatus $s
    if ($status -eq 'ready' -and -not $s.docker.engineRunning) { $s.docker.engineRunning = $true; $Ctx.Dirty = $true }
    $ready = ($status -eq 'ready')
    $kernel = Get-SimDockerKernel $s
    $ddLine = "Docker Desktop $($s.docker.version) (208700)"
    switch ($sub) {
        'version' {
            $client = [ordered]@{ Version = $script:DockerCli; ApiVersion = $script:DockerApi; DefaultAPIVersion = $script:DockerApi; GitCommit = 'e180ab8'; GoVersion = 'go1.24.8'; Os = 'windows'; Arch = 'amd64'; BuildTime = 'Wed Oct  8 12:19:16 2025'; Context = 'desktop-linux' }
            if (-not $ready) {
                $out = Get-SimDockerClientText
                if ($json) { $out = (ConvertTo-Json -InputObject ([ordered]@{ Client = $client; Server = $null }) -Depth 6 -Compress) + "`n" }
                return (Get-SimDockerNotReady -State $s -Status $status -Method 'Get' -ApiPath 'version' -Stdout $out)
            }
            if ($json) {
                $server = [ordered]@{ Platform = [ordered]@{ Name = $ddLine }; Version = $script:DockerCli; ApiVersion = $script:DockerApi; MinAPIVersion = '1.24'; GitCommit = 'f8215cc'; GoVersion = 'go1.24.8'; Os = 'linux'; Arch = 'amd64'; KernelVersion = $kernel; BuildTime = '2025-10-08T12:18:25.000000000+00:00' }
                return (New-SimOutput -Stdout ((ConvertTo-Json -InputObject ([ordered]@{ Client = $client; Server = $server }) -Depth 6 -Compress) + "`n"))
            }
            $text = (Get-SimDockerClientText) + "`nServer: $ddLine`n Engine:`n  Version:          $($script:DockerCli)`n  API version:      $($script:DockerApi) (minimum version 1.24)`n" +
                "  Go version:       go1.24.8`n  Git commit:       f8215cc`n  Built:            Wed Oct  8 12:18:25 2025`n  OS/Arch:          linux/amd64`n  Experimental:     false`n" +
                " containerd:`n  Version:          1.7.27`n  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da`n runc:`n  Version:          1.2.5`n  GitCommit:        v1.2.5-0-g59923ef`n docker-init:`n  Version:          0.19.0`n  GitCommit:        de40ad0`n"
            return (New-SimOutput -Stdout $text)
        }
        'info' {
            if (-not $ready) {
                $out = ''
                if (-not $json) { $out = "Client:`n Version:    $($script:DockerCli)`n Context:    desktop-linux`n Debug Mode: false`n`nServer:`n" }
                $prefix = ''
                if (-not $json) { $prefix = 'ERROR: ' }
                return (Get-SimDockerNotReady -State $s -Status $status -Method 'Get' -ApiPath 'info' -Stdout $out -Prefix $prefix)
            }
            if ($json) {
                $info = [ordered]@{
                    ID = 'b7a1c2d3-5e6f-4a8b-9c0d-1e2f3a4b5c6d'; Containers = 0; ContainersRunning = 0; ContainersPaused = 0; ContainersStopped = 0; Images = 0
                    Driver = 'overlay2'; KernelVersion = $kernel; OperatingSystem = 'Docker Desktop'; OSVersion = ''; OSType = 'linux'; Architecture = 'x86_64'
                    NCPU = 8; MemTotal = 8181829632; Name = 'docker-desktop'; ServerVersion = $script:DockerCli; Warnings = $null; ClientInfo = (Get-SimDockerClientInfo)
                }
                return (New-SimOutput -Stdout ((ConvertTo-Json -InputObject $info -Depth 6 -Compress) + "`n"))
            }
            $text = "Client:`n Version:    $($script:DockerCli)`n Context:    desktop-linux`n Debug Mode: false`n Plugins:`n  compose: Docker Compose (Docker Inc.)`n    Version:  v$($script:ComposeV2)`n" +
                "`nServer:`n Containers: 0`n  Running: 0`n  Paused: 0`n  Stopped: 0`n Images: 0`n Server Version: $($script:DockerCli)`n Storage Driver: overlay2`n" +
                " Cgroup Driver: cgroupfs`n Cgroup Version: 2`n Kernel Version: $kernel`n Operating System: Docker Desktop`n OSType: linux`n Architecture: x86_64`n" +
                " CPUs: 8`n Total Memory: 7.62GiB`n Name: docker-desktop`n Docker Root Dir: /var/lib/docker`n Debug Mode: false`n Experimental: false`n Live Restore Enabled: false`n"
            return (New-SimOutput -Stdout $text)
        }
        'ps' {
            if (-not $ready) { return (Get-SimDockerNotReady -State $s -Status $status -Method 'Get' -ApiPath 'containers/json') }
            return (New-SimOutput -Stdout "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES`n")
        }
        'run' {
            if (-not $ready) { return (Get-SimDockerNotReady -State $s -Status $status -Method 'Head' -ApiPath '_ping' -Prefix 'docker: ') }
            if ($s.network.downloads -eq 'fail') {
                return (New-SimOutput -ExitCode 125 -Stderr ("Unable to find image 'alpine:latest' locally`ndocker: Error response from daemon: Get `"https://registry-1.docker.io/v2/`": dial tcp: lookup registry-1.docker.io: no such host.`nSee 'docker run --help'.`n"))
            }
            $pull = "Unable to find image 'alpine:latest' locally`nlatest: Pulling from library/alpine`n2d35ebdb57d9: Pull complete`nDigest: sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1`nStatus: Downloaded newer image for alpine:latest`n"
            $out = "Linux`n"
            if ($a -contains '-a') { $out = "Linux 3f2a9c1b7d4e $kernel #1 SMP Thu Oct  9 22:07:53 UTC 2025 x86_64 Linux`n" }
            return (New-SimOutput -Stdout $out -Stderr $pull)
        }
    }
    return (New-SimOutput -ExitCode 1)
}

function Invoke-SimDockerCompose {
    param($Ctx)
    $s = $Ctx.State
    if (-not $s.docker.installed -or $s.docker.compose -eq 'none') { return (New-SimNotFound 'docker-compose') }
    if ($s.docker.compose -eq 'v1') {
        return (New-SimOutput -Stdout "docker-compose version 1.29.2, build 5becea4c`ndocker-py version: 5.0.0`nCPython version: 3.9.0`nOpenSSL version: OpenSSL 1.1.1h  22 Sep 2020`n")
    }
    return (New-SimOutput -Stdout "Docker Compose version v$($script:ComposeV2)`n")
}

function Get-SimInstallerFault {
    # A docker-desktop-installer fault also fires when winget or choco runs that installer.
    param($Ctx)
    $f = Find-SimFault -State $Ctx.State -Command @('docker-desktop-installer')
    if ($f) { Register-SimFaultFired -State $Ctx.State -Found $f; $Ctx.Dirty = $true }
    return $f
}

function Invoke-SimWinget {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    if (-not $s.packageManagers.winget) { return (New-SimNotFound 'winget') }
    if ($a -contains '--version') { return (New-SimOutput -Stdout "v1.11.430`r`n") }
    if ($a.Count -eq 0 -or $a[0] -ne 'install' -or $a -notcontains 'Docker.DockerDesktop') {
        return (New-SimOutput -ExitCode -1978335230 -Stdout "The argument provided can only be used with a query.`r`n")
    }
    $fault = Find-SimFault -State $s -Command @('winget')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        $code = ConvertTo-SimSigned $fault.Fault.exitCode
        if (Test-SimSuccessCode $code) { Install-SimDocker -State $s -Source 'winget' }
        return (New-SimOutput -ExitCode $code -Stdout ([string]$fault.Fault.output + "`r`n"))
    }
    $v = [string]$s.docker.version
    $head = "Found Docker Desktop [Docker.DockerDesktop] Version $v`r`nThis application is licensed to you by its owner.`r`nMicrosoft is not responsible for, nor does it grant any licenses to, third-party packages.`r`n"
    if ($s.docker.installed -and $a -notcontains '--force') {
        return (New-SimOutput -ExitCode -1978335189 -Stdout "Found an existing package already installed. Trying to upgrade the installed package...`r`nNo available upgrade found.`r`nNo newer package versions are available from the configured sources.`r`n")
    }
    if ($s.network.downloads -eq 'fail') {
        return (New-SimOutput -ExitCode -1978335217 -Stdout "Failed when searching source: winget`r`nAn unexpected error occurred while executing the command:`r`n0x8a15000f : Data required by the source is missing`r`n")
    }
    $head += "Downloading https://desktop.docker.com/win/main/amd64/208700/Docker%20Desktop%20Installer.exe`r`nSuccessfully verified installer hash`r`nStarting package install...`r`n"
    $inst = Get-SimInstallerFault $Ctx
    if ($inst) {
        if ($inst.Fault.hang) { return @{ Hang = $true } }
        $code = ConvertTo-SimSigned $inst.Fault.exitCode
        if (-not (Test-SimSuccessCode $code)) {
            $unsigned = [long]$code
            if ($unsigned -lt 0) { $unsigned += 4294967296 }
            return (New-SimOutput -ExitCode $code -Stdout ($head + "Installer failed with exit code: $unsigned`r`n"))
        }
        Install-SimDocker -State $s -Source 'winget'
        return (New-SimOutput -ExitCode $code -Stdout ($head + "Successfully installed. Restart your PC to finish installation.`r`n"))
    }
    Install-SimDocker -State $s -Source 'winget'; $Ctx.Dirty = $true
    return (New-SimOutput -Stdout ($head + "Successfully installed`r`n"))
}

function Invoke-SimChoco {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    if (-not $s.packageManagers.choco) { return (New-SimNotFound 'choco') }
    if ($a -contains '--version' -or $a -contains '-v') { return (New-SimOutput -Stdout "2.4.3`r`n") }
    if ($a.Count -eq 0 -or $a[0] -ne 'install' -or $a -notcontains 'docker-desktop') {
        return (New-SimOutput -ExitCode 1 -Stdout "Chocolatey v2.4.3`r`nCould not find a command registered that meets '$($a -join ' ')'.`r`n")
    }
    $head = "Chocolatey v2.4.3`r`nInstalling the following packages:`r`ndocker-desktop`r`nBy installing, you accept licenses for the packages.`r`n"
    if (-not ($a -contains '-y' -or $a -contains '--yes' -or $a -contains '--confirm')) {
        # Without -y choco waits on this prompt forever (fixture choco-install-docker-desktop.en.6).
        return @{ Hang = $true }
    }
    $fault = Find-SimFault -State $s -Command @('choco')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        $code = [int]$fault.Fault.exitCode
        if (Test-SimSuccessCode $code) { Install-SimDocker -State $s -Source 'choco' }
        return (New-SimOutput -ExitCode $code -Stdout ($head + [string]$fault.Fault.output + "`r`n"))
    }
    $v = [string]$s.docker.version
    if ($s.docker.installed -and $a -notcontains '--force') {
        return (New-SimOutput -Stdout ($head + "docker-desktop v$v already installed.`r`n Use --force to reinstall, specify a version to install, or try upgrade.`r`n`r`nChocolatey installed 0/1 packages.`r`n See the log for details (C:\ProgramData\chocolatey\logs\chocolatey.log).`r`n"))
    }
    $fail = "The install of docker-desktop was NOT successful.`r`n`r`nChocolatey installed 0/1 packages. 1 packages failed.`r`n See the log for details (C:\ProgramData\chocolatey\logs\chocolatey.log).`r`n"
    if ($s.network.downloads -eq 'fail') {
        return (New-SimOutput -ExitCode 1 -Stdout ($head + "Progress: Downloading docker-desktop $v...`r`nUnable to connect to the remote server`r`n" + $fail))
    }
    $head += "Progress: Downloading docker-desktop $v... 100%`r`n`r`ndocker-desktop v$v [Approved]`r`ndocker-desktop package files install completed. Performing other installation steps.`r`nInstalling docker-desktop...`r`n"
    $inst = Get-SimInstallerFault $Ctx
    if ($inst) {
        if ($inst.Fault.hang) { return @{ Hang = $true } }
        $code = ConvertTo-SimSigned $inst.Fault.exitCode
        if (-not (Test-SimSuccessCode $code)) {
            return (New-SimOutput -ExitCode $code -Stdout ($head + "ERROR: Running [`"C:\Users\dev\AppData\Local\Temp\chocolatey\docker-desktop\$v\Docker Desktop Installer.exe`" install --quiet] was not successful. Exit code was '$code'. See log for possible error messages.`r`n" + $fail))
        }
        Install-SimDocker -State $s -Source 'choco'
        return (New-SimOutput -ExitCode $code -Stdout ($head + "docker-desktop has been installed.`r`n The install of docker-desktop was successful.`r`n  Software installed to '$($script:ProgramFilesDocker)'`r`n`r`nChocolatey installed 1/1 packages.`r`n Packages requiring reboot:`r`n - docker-desktop (exit code $code)`r`n"))
    }
    Install-SimDocker -State $s -Source 'choco'; $Ctx.Dirty = $true
    return (New-SimOutput -Stdout ($head + "docker-desktop has been installed.`r`n The install of docker-desktop was successful.`r`n  Software installed to '$($script:ProgramFilesDocker)'`r`n`r`nChocolatey installed 1/1 packages.`r`n See the log for details (C:\ProgramData\chocolatey\logs\chocolatey.log).`r`n"))
}

function Get-SimDownloadedUri {
    # Save-PupDownload writes "SIMULATED DOWNLOAD: <uri>" into the file it downloads.
    param([string]$Path)
    if (-not $Path -or -not [System.IO.File]::Exists($Path)) { return $null }
    $first = ([System.IO.File]::ReadAllText($Path) -split "`n")[0]
    if ($first -match '^SIMULATED DOWNLOAD: (.+)$') { return $Matches[1].Trim() }
    return $null
}

function Invoke-SimPowerShell {
    # Only what the steps run: Chocolatey's install.ps1, downloaded by Save-PupDownload.
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $path = $null
    for ($i = 0; $i -lt $a.Count; $i++) {
        if ($a[$i] -ieq '-File' -and $i + 1 -lt $a.Count) { $path = [string]$a[$i + 1] }
        if ($a[$i] -ieq '-Command' -and $i + 1 -lt $a.Count -and [string]$a[$i + 1] -match "&\s*'((?:[^']|'')+)'") { $path = $Matches[1].Replace("''", "'") }
    }
    $uri = Get-SimDownloadedUri $path
    if ($uri -and $uri -match 'chocolatey' -and $uri -match 'install\.ps1') {
        if (-not $s.packageManagers.choco) {
            $s.packageManagers.choco = $true
            Add-SimChange -State $s -Op 'install-choco' -Target 'C:\ProgramData\chocolatey'; $Ctx.Dirty = $true
        }
        return (New-SimOutput -Stdout ("Forcing web requests to allow TLS v1.2 (Required for requests to Chocolatey.org)`r`nGetting latest version of the Chocolatey package for download.`r`n" +
                "Extracting C:\Users\dev\AppData\Local\Temp\chocolatey\chocoInstall\chocolatey.zip to C:\Users\dev\AppData\Local\Temp\chocolatey\chocoInstall`r`nInstalling Chocolatey on the local machine`r`nChocolatey (choco.exe) is now ready.`r`n"))
    }
    return (New-SimOutput -ExitCode 1 -Stderr "The simulator cannot run this PowerShell script: $path`r`n")
}

function Invoke-SimMsiexec {
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $fault = Find-SimFault -State $s -Command @('msiexec')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        $code = [int]$fault.Fault.exitCode
        if (-not (Test-SimSuccessCode $code)) { return (New-SimOutput -ExitCode $code -Stdout ([string]$fault.Fault.output)) }
    }
    $file = $null
    for ($i = 0; $i -lt $a.Count; $i++) { if ($a[$i] -ieq '/i' -and $i + 1 -lt $a.Count) { $file = [string]$a[$i + 1] } }
    $uri = Get-SimDownloadedUri $file
    if (-not $uri) { return (New-SimOutput -ExitCode 1619) }
    if ($uri -match 'wsl_update') {
        if (-not (Test-SimStoreWsl $s) -and -not ($s.wsl.kind -eq 'inbox' -and $s.wsl.kernelVersion)) {
            $s.wsl.kind = 'inbox'
            $s.wsl.kernelVersion = $script:MsiKernel
            Add-SimChange -State $s -Op 'install-kernel-msi' -Target $script:MsiKernel; $Ctx.Dirty = $true
        }
        $exit = 0
        if ($fault) { $exit = [int]$fault.Fault.exitCode }
        return (New-SimOutput -ExitCode $exit)
    }
    return (New-SimOutput -ExitCode 1620)
}

function Invoke-SimDockerInstaller {
    # "Docker Desktop Installer.exe" install --quiet --accept-license --backend=wsl-2 --always-run-service
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $file = $null
    if ($a.Count -gt 0) { $file = [string]$a[0] }
    if (-not $file -or -not [System.IO.File]::Exists($file)) { return (New-SimNotFound ([string]$file)) }
    $rest = @()
    if ($a.Count -gt 1) { $rest = @($a[1..($a.Count - 1)]) }
    $v = [string]$s.docker.version
    $stamp = '2026-11-30T08:10:00.0000000Z'
    $head = "-------------------------------------------------------------------------------->8`r`nVersion: $v (208700)`r`nSha1:`r`nStarted on: 2026/11/30 08:10:00.000`r`n" +
        "Resources: C:\Users\dev\AppData\Local\Temp\PupperwareSetup\resources`r`nOS: Windows 10 Pro`r`nEdition: $($s.os.edition)`r`nId: 2009`r`nBuild: $($s.os.build)`r`n" +
        "BuildLabName: 19041.1.amd64fre.vb_release.191206-1406`r`nFile: C:\ProgramData\DockerDesktop\install-log-admin.txt`r`nCommandLine: `"Docker Desktop Installer.exe`" $($rest -join ' ')`r`n" +
        "You can send feedback, including this log file, at https://github.com/docker/for-win/issues`r`n" +
        "[$stamp][ManifestAndExistingInstallationLoader][I] No install path specified, looking for default installation registry key`r`n"
    $fault = Find-SimFault -State $s -Command @('docker-desktop-installer')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        $code = ConvertTo-SimSigned $fault.Fault.exitCode
        if (-not (Test-SimSuccessCode $code)) {
            return (New-SimOutput -ExitCode $code -Stdout ($head + "[$stamp][InstallWorkflow][E] $([string]$fault.Fault.output)`r`n"))
        }
        Install-SimDocker -State $s -Source 'direct'
        return (New-SimOutput -ExitCode $code -Stdout ($head + "[$stamp][InstallWorkflow][I] Installation succeeded; a restart is required`r`n"))
    }
    if ($rest -notcontains 'install') { return (New-SimOutput -ExitCode 1 -Stdout ($head + "[$stamp][Program][E] Unknown command`r`n")) }
    if ($s.docker.installed -and $s.docker.compose -eq 'v2') {
        return (New-SimOutput -Stdout ($head + "[$stamp][Installer][I] Docker Desktop $v is already installed`r`n"))
    }
    Install-SimDocker -State $s -Source 'direct'; $Ctx.Dirty = $true
    return (New-SimOutput -Stdout ($head + "[$stamp][Installer][I] No installation found`r`n[$stamp][InstallWorkflow][I] Installing Docker Desktop $v (backend: wsl-2)`r`n[$stamp][InstallWorkflow][I] Installation succeeded`r`n"))
}

function Invoke-SimDistroLauncher {
    # <launcher>.exe install --root; the first argument names the distro (see README.md).
    param($Ctx)
    $s = $Ctx.State
    $a = @($Ctx.Args)
    $name = $null
    if ($a.Count -gt 0) { $name = [string]$a[0] }
    $packaged = $null
    foreach ($p in $s.distroPackages) { if ([string]$p -ieq $name) { $packaged = [string]$p } }
    $registered = Find-SimDistro $s $name
    if (-not $packaged -and $null -eq $registered) { return (New-SimNotFound ("$name launcher")) }
    $fault = Find-SimFault -State $s -Command @('distro-launcher')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault; $Ctx.Dirty = $true
        if ($fault.Fault.hang) { return @{ Hang = $true } }
        return (New-SimWslOutput -Ctx $Ctx -ExitCode ([int]$fault.Fault.exitCode) -Stdout ("Installing, this may take a few minutes...`r`n" + [string]$fault.Fault.output + "`r`nPress any key to continue...`r`n"))
    }
    if ($null -ne $registered) {
        return (New-SimWslOutput -Ctx $Ctx -ExitCode -2147024713 -Stdout "Installing, this may take a few minutes...`r`nWslRegisterDistribution failed with error: 0x800700b7`r`nError: 0x800700b7 Cannot create a file when that file already exists.`r`n`r`nPress any key to continue...`r`n")
    }
    $reg = Register-SimDistro -Ctx $Ctx -Name $packaged
    if ($reg) {
        switch ($reg.Blocker) {
            'kernel' { return (New-SimWslOutput -Ctx $Ctx -ExitCode -2147024452 -Stdout "Installing, this may take a few minutes...`r`nWslRegisterDistribution failed with error: 0x800701bc`r`nError: 0x800701bc WSL 2 requires an update to its kernel component. For information please visit https://aka.ms/wsl2kernel`r`n`r`nPress any key to continue...`r`n") }
            'component' { return (New-SimWslOutput -Ctx $Ctx -ExitCode -2147024482 -Stdout "Installing, this may take a few minutes...`r`nWslRegisterDistribution failed with error: 0x8007019e`r`nThe Windows Subsystem for Linux optional component is not enabled. Please enable it and try again.`r`nSee https://aka.ms/wslinstall for details.`r`nPress any key to continue...`r`n") }
            default { return (New-SimWslOutput -Ctx $Ctx -ExitCode -2144468734 -Stdout "Installing, this may take a few minutes...`r`nWslRegisterDistribution failed with error: 0x80370102`r`nError: 0x80370102 The virtual machine could not be started because a required feature is not installed.`r`n`r`nPress any key to continue...`r`n") }
        }
    }
    return (New-SimWslOutput -Ctx $Ctx -Stdout "Installing, this may take a few minutes...`r`nInstallation successful!`r`n")
}

function ConvertTo-SimNumber {
    # Whole seconds stay integers in the JSON file.
    param([double]$Value)
    if ($Value -eq [Math]::Floor($Value)) { return [long]$Value }
    return $Value
}

function ConvertTo-SimSigned {
    param($Code)
    if ($null -eq $Code) { return 0 }
    $n = [long]$Code
    if ($n -gt [int]::MaxValue) { $n = $n - 4294967296 }
    return [int]$n
}

# ---------------------------------------------------------------------------------------------
# The primitives (same names and parameters as WindowsHost.psm1)
# ---------------------------------------------------------------------------------------------

function Get-PupOsInfo {
    $s = Read-SimState
    $skus = @{ 'Professional' = 48; 'Core' = 101; 'Enterprise' = 4; 'Education' = 121; 'ServerDatacenter' = 8; 'ServerStandard' = 7 }
    $sku = 0
    if ($skus.ContainsKey([string]$s.os.edition)) { $sku = $skus[[string]$s.os.edition] }
    return [pscustomobject]@{
        Build = [int]$s.os.build; Ubr = [int]$s.os.ubr; Caption = [string]$s.os.caption; Edition = [string]$s.os.edition; Sku = $sku
        Is64Bit = [bool]$s.os.is64Bit; IsAdmin = [bool]$s.users.isAdmin; Locale = [string]$s.os.locale
        InteractiveUser = [string]$s.users.interactive; ElevatedUser = [string]$s.users.elevated
    }
}

function Get-PupHardwareInfo {
    $s = Read-SimState
    $hw = $s.hardware
    $isVm = Test-SimVirtualMachine -Manufacturer $hw.manufacturer -Model $hw.model
    # In a VM, Win32_Processor reports virtualization only when the host exposes it (nested).
    $fw = [bool]$hw.virtualizationFirmwareEnabled
    if ($isVm) { $fw = $fw -and [bool]$hw.nestedVirtualization }
    return [pscustomobject]@{
        VirtualizationFirmwareEnabled = $fw; HypervisorPresent = [bool]$hw.hypervisorPresent
        Manufacturer = [string]$hw.manufacturer; Model = [string]$hw.model; IsVirtualMachine = $isVm
        FreeDiskGB = [double]$hw.freeDiskGB; MemoryGB = [double]$hw.memoryGB
    }
}

function Get-PupFeatureState {
    param([Parameter(Mandatory = $true)][string]$Name)
    $s = Read-SimState
    return (Get-SimFeature $s $Name)
}

function Enable-PupFeature {
    param([Parameter(Mandatory = $true)][string]$Name)
    $s = Read-SimState
    $current = Get-SimFeature $s $Name
    if ($null -eq $current) { throw "Enable-WindowsOptionalFeature : Feature name $Name is unknown." }
    $fault = Find-SimFault -State $s -Command @('enable-feature') -Feature $Name
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault
        Save-SimState $s
        if ($fault.Fault.hang) { Wait-SimHang -TimeoutSeconds 0 }
        $text = [string]$fault.Fault.output
        if (-not $text) { $text = "Enable-WindowsOptionalFeature : The operation failed. Error code = 0x$('{0:x8}' -f [int]$fault.Fault.exitCode)" }
        throw $text
    }
    if ($current -eq 'Enabled') { return [pscustomobject]@{ Path = ''; Online = $true; RestartNeeded = $false } }
    if ($current -eq 'EnablePending') { return [pscustomobject]@{ Path = ''; Online = $true; RestartNeeded = $true } }
    if ($current -eq 'DisabledWithPayloadRemoved' -and $s.network.downloads -eq 'fail') {
        throw 'Enable-WindowsOptionalFeature : The source files could not be found. Error: 0x800f081f'
    }
    $s.features[$Name] = 'EnablePending'
    $s.pendingReboot.cbs = $true
    Add-SimChange -State $s -Op 'enable-feature' -Target $Name
    Save-SimState $s
    return [pscustomobject]@{ Path = ''; Online = $true; RestartNeeded = $true }
}

function Get-PupPendingReboot {
    $s = Read-SimState
    $p = $s.pendingReboot
    return [pscustomobject]@{ cbs = [bool]$p.cbs; windowsUpdate = [bool]$p.windowsUpdate; computerRename = [bool]$p.computerRename; pendingFileRename = [bool]$p.pendingFileRename }
}

function Invoke-PupNative {
    param(
        [Parameter(Mandatory = $true)][string]$Command,
        [string[]]$Arguments = @(),
        [string]$StdinText,
        [int]$TimeoutSeconds = 0,
        [hashtable]$Environment
    )
    $s = Read-SimState
    $ctx = @{ State = $s; Args = @($Arguments); Env = $Environment; Stdin = $StdinText; Dirty = $false }
    switch ($Command) {
        'wsl' { $r = Invoke-SimWsl $ctx }
        'docker' { $r = Invoke-SimDocker $ctx }
        'docker-compose' { $r = Invoke-SimDockerCompose $ctx }
        'winget' { $r = Invoke-SimWinget $ctx }
        'choco' { $r = Invoke-SimChoco $ctx }
        'msiexec' { $r = Invoke-SimMsiexec $ctx }
        'docker-desktop-installer' { $r = Invoke-SimDockerInstaller $ctx }
        'distro-launcher' { $r = Invoke-SimDistroLauncher $ctx }
        'powershell' { $r = Invoke-SimPowerShell $ctx }
        default { $r = New-SimNotFound $Command }
    }
    if ($r.Contains('Blocker')) { $r = New-SimWslBlockerOutput -Ctx $ctx -Blocker $r.Blocker }
    if ($ctx.Dirty) { Save-SimState $s }
    if ($r.Hang) {
        Wait-SimHang -TimeoutSeconds $TimeoutSeconds
        return [pscustomobject]@{ ExitCode = $null; StdoutBytes = [byte[]]@(); StderrBytes = [byte[]]@(); TimedOut = $true }
    }
    return [pscustomobject]@{ ExitCode = [int]$r.ExitCode; StdoutBytes = [byte[]]$r.Out; StderrBytes = [byte[]]$r.Err; TimedOut = $false }
}

function Get-PupInstalledApp {
    param([Parameter(Mandatory = $true)][string]$Name)
    $s = Read-SimState
    if ($Name -eq 'Docker Desktop' -and $s.docker.installed) {
        return [pscustomobject]@{ DisplayName = 'Docker Desktop'; DisplayVersion = [string]$s.docker.version; InstallLocation = $script:ProgramFilesDocker }
    }
    return $null
}

function Get-PupLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Group)
    $s = Read-SimState
    if (-not $s.groups.Contains($Group)) { throw "Group $Group was not found." }
    foreach ($m in $s.groups[$Group]) { [string]$m }
}

function Add-PupLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Group, [Parameter(Mandatory = $true)][string]$Member)
    $s = Read-SimState
    if (-not $s.groups.Contains($Group)) { throw "Group $Group was not found." }
    foreach ($m in $s.groups[$Group]) { if ([string]$m -ieq $Member) { throw "$Member is already a member of group $Group." } }
    if ($null -eq $s.groups[$Group]) { $s.groups[$Group] = (New-SimList) }
    [void]$s.groups[$Group].Add($Member)
    if (-not $s.groupMemberSessions.Contains($Group)) { $s.groupMemberSessions[$Group] = [ordered]@{} }
    $s.groupMemberSessions[$Group][$Member] = [int]$s.boot.logonSession
    Add-SimChange -State $s -Op 'add-group-member' -Target "$Group/$Member"
    Save-SimState $s
}

function Get-PupFirewallRule {
    param([Parameter(Mandatory = $true)][string]$DisplayName)
    $s = Read-SimState
    foreach ($r in $s.firewallRules) {
        $name = $r
        if ($r -is [System.Collections.IDictionary]) { $name = $r.displayName }
        if ([string]$name -eq $DisplayName) {
            if ($r -is [System.Collections.IDictionary]) {
                return [pscustomobject]@{ DisplayName = [string]$r.displayName; Direction = [string]$r.direction; Program = [string]$r.program; Action = [string]$r.action }
            }
            return [pscustomobject]@{ DisplayName = [string]$r; Direction = 'Inbound'; Program = ''; Action = 'Allow' }
        }
    }
    return $null
}

function New-PupFirewallRule {
    param(
        [Parameter(Mandatory = $true)][string]$DisplayName,
        [ValidateSet('Inbound', 'Outbound')][string]$Direction = 'Inbound',
        [Parameter(Mandatory = $true)][string]$Program,
        [ValidateSet('Allow', 'Block')][string]$Action = 'Allow'
    )
    $s = Read-SimState
    [void]$s.firewallRules.Add([ordered]@{ displayName = $DisplayName; program = $Program; direction = $Direction; action = $Action })
    Add-SimChange -State $s -Op 'new-firewall-rule' -Target $DisplayName
    Save-SimState $s
}

function Get-PupScheduledTask {
    param([Parameter(Mandatory = $true)][string]$Name)
    $s = Read-SimState
    foreach ($t in $s.scheduledTasks) {
        if ([string]$t.name -eq $Name) {
            return [pscustomobject]@{ Name = [string]$t.name; User = [string]$t.user; Trigger = [string]$t.trigger; RunLevel = [string]$t.runLevel; Execute = [string]$t.execute; Arguments = [string]$t.arguments; AllowOnBatteries = [bool]$t.allowOnBatteries }
        }
    }
    return $null
}

function Register-PupScheduledTask {
    # A logon task for -User, RunLevel Highest, allowed to start and keep running on batteries.
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$User,
        [Parameter(Mandatory = $true)][string]$Execute,
        [string]$Arguments = ''
    )
    $s = Read-SimState
    for ($i = $s.scheduledTasks.Count - 1; $i -ge 0; $i--) { if ([string]$s.scheduledTasks[$i].name -eq $Name) { $s.scheduledTasks.RemoveAt($i) } }
    [void]$s.scheduledTasks.Add([ordered]@{ name = $Name; user = $User; trigger = 'logon'; runLevel = 'Highest'; execute = $Execute; arguments = $Arguments; allowOnBatteries = $true })
    Add-SimChange -State $s -Op 'register-task' -Target $Name
    Save-SimState $s
}

function Unregister-PupScheduledTask {
    param([Parameter(Mandatory = $true)][string]$Name)
    $s = Read-SimState
    $removed = $false
    for ($i = $s.scheduledTasks.Count - 1; $i -ge 0; $i--) { if ([string]$s.scheduledTasks[$i].name -eq $Name) { $s.scheduledTasks.RemoveAt($i); $removed = $true } }
    if ($removed) {
        Add-SimChange -State $s -Op 'unregister-task' -Target $Name
        Save-SimState $s
    }
}

function Get-PupLastBootTime { $s = Read-SimState; return [string]$s.boot.bootTime }

function Get-PupLogonSession { $s = Read-SimState; return [int]$s.boot.logonSession }

function Start-PupProcess {
    param([Parameter(Mandatory = $true)][string]$Path)
    $s = Read-SimState
    if ($Path -like '*\Docker Desktop.exe' -and $s.docker.installed) {
        if (-not $s.docker.desktopRunning) {
            $s.docker.desktopRunning = $true
            $s.docker.desktopStartedAt = ConvertTo-SimNumber ([double]$s.clock.seconds)
            Add-SimChange -State $s -Op 'start-process' -Target $Path
            Save-SimState $s
        }
        return
    }
    throw "This command cannot be run due to the error: The system cannot find the file specified. ($Path)"
}

function Save-PupDownload {
    param([Parameter(Mandatory = $true)][string]$Uri, [Parameter(Mandatory = $true)][string]$OutFile)
    $s = Read-SimState
    $fault = Find-SimFault -State $s -Command @('download')
    if ($fault) {
        Register-SimFaultFired -State $s -Found $fault
        Save-SimState $s
        if ($fault.Fault.hang) { Wait-SimHang -TimeoutSeconds 0 }
        $text = [string]$fault.Fault.output
        if (-not $text) { $text = 'Unable to connect to the remote server' }
        throw $text
    }
    if ($s.network.downloads -eq 'fail') {
        $hostName = ([uri]$Uri).Host
        throw "The remote name could not be resolved: '$hostName'"
    }
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
    $dir = [System.IO.Path]::GetDirectoryName($full)
    if ($dir -and -not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
    [System.IO.File]::WriteAllText($full, "SIMULATED DOWNLOAD: $Uri`n", $script:Utf8NoBom)
}

function Wait-PupInterval {
    # Simulated time: advances the machine's clock instead of sleeping.
    param([Parameter(Mandatory = $true)][double]$Seconds)
    $s = Read-SimState
    $s.clock.seconds = ConvertTo-SimNumber ([double]$s.clock.seconds + $Seconds)
    Save-SimState $s
}

Export-ModuleMember -Function @(
    'Get-PupOsInfo', 'Get-PupHardwareInfo', 'Get-PupFeatureState', 'Enable-PupFeature', 'Get-PupPendingReboot',
    'Invoke-PupNative', 'Get-PupInstalledApp', 'Get-PupLocalGroupMember', 'Add-PupLocalGroupMember',
    'Get-PupFirewallRule', 'New-PupFirewallRule', 'Get-PupScheduledTask', 'Register-PupScheduledTask',
    'Unregister-PupScheduledTask', 'Get-PupLastBootTime', 'Get-PupLogonSession', 'Start-PupProcess',
    'Save-PupDownload', 'Wait-PupInterval'
)
