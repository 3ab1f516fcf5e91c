# WindowsHost.psm1 -- the host primitives of docs/step-contract.md against real Windows.
#
# NOT EXECUTED IN CI: our build machines have no Windows. This module is kept deliberately thin (each
# primitive is one Windows call and a reshape) so that nearly all behaviour lives in the step scripts,
# which the simulator exercises. CI only proves it parses (Windows PowerShell 5.1 rules) and that it
# exports exactly the same functions as SimHost.psm1. Loading it must not touch Windows: every call
# happens inside a function.
#
# Windows PowerShell 5.1 compatible, ASCII only.

$ErrorActionPreference = 'Stop'

$script:UninstallKeys = @(
    'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
    'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'
)

function Get-WinSystemPath {
    # A 32-bit PowerShell on 64-bit Windows sees SysWOW64 as System32; Sysnative reaches the real one.
    param([string]$Name)
    $sysnative = Join-Path $env:SystemRoot "Sysnative\$Name"
    if (Test-Path -LiteralPath $sysnative) { return $sysnative }
    return (Join-Path $env:SystemRoot "System32\$Name")
}

function Resolve-WinExecutable {
    # Command name of the contract -> program path and the arguments that go to it.
    param([string]$Command, [string[]]$Arguments)
    $args2 = @($Arguments)
    switch ($Command) {
        'wsl' { return @{ Path = (Get-WinSystemPath 'wsl.exe'); Args = $args2 } }
        'msiexec' { return @{ Path = (Get-WinSystemPath 'msiexec.exe'); Args = $args2 } }
        'powershell' { return @{ Path = (Get-WinSystemPath 'WindowsPowerShell\v1.0\powershell.exe'); Args = $args2 } }
        'docker' {
            $p = Join-Path $env:ProgramFiles 'Docker\Docker\resources\bin\docker.exe'
            if (-not (Test-Path -LiteralPath $p)) { $c = Get-Command docker.exe -ErrorAction SilentlyContinue; if ($c) { $p = $c.Source } }
            return @{ Path = $p; Args = $args2 }
        }
        'docker-compose' {
            $p = Join-Path $env:ProgramFiles 'Docker\Docker\resources\bin\docker-compose.exe'
            if (-not (Test-Path -LiteralPath $p)) { $c = Get-Command docker-compose.exe -ErrorAction SilentlyContinue; if ($c) { $p = $c.Source } }
            return @{ Path = $p; Args = $args2 }
        }
        'winget' {
            $p = Join-Path $env:LOCALAPPDATA 'Microsoft\WindowsApps\winget.exe'
            $c = Get-Command winget.exe -ErrorAction SilentlyContinue
            if ($c) { $p = $c.Source }
            return @{ Path = $p; Args = $args2 }
        }
        'choco' {
            # Right after Chocolatey installs itself PATH is stale in this process: use its fixed location.
            $root = $env:ChocolateyInstall
            if (-not $root) { $root = Join-Path $env:ProgramData 'chocolatey' }
            return @{ Path = (Join-Path $root 'bin\choco.exe'); Args = $args2 }
        }
        'docker-desktop-installer' {
            # Arguments[0] is the downloaded installer.
            $rest = @()
            if ($args2.Count -gt 1) { $rest = @($args2[1..($args2.Count - 1)]) }
            return @{ Path = [string]$args2[0]; Args = $rest }
        }
        'distro-launcher' {
            # Arguments[0] names the distro; its launcher is an app execution alias, e.g. ubuntu2204.exe.
            $exe = (([string]$args2[0]).ToLowerInvariant() -replace '[^a-z0-9]', '') + '.exe'
            $rest = @()
            if ($args2.Count -gt 1) { $rest = @($args2[1..($args2.Count - 1)]) }
            return @{ Path = (Join-Path $env:LOCALAPPDATA "Microsoft\WindowsApps\$exe"); Args = $rest }
        }
        default { return @{ Path = $Command; Args = $args2 } }
    }
}

function ConvertTo-WinArgument {
    # Quotes one argument the way CommandLineToArgvW reads it back (.NET Framework has no ArgumentList).
    param([string]$Value)
    if ($Value -ne '' -and $Value -notmatch '[\s"]') { return $Value }
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append('"')
    $slashes = 0
    foreach ($ch in $Value.ToCharArray()) {
        if ($ch -eq '\') { $slashes++; continue }
        if ($ch -eq '"') { [void]$sb.Append([char]'\', 2 * $slashes + 1); $slashes = 0; [void]$sb.Append('"'); continue }
        if ($slashes -gt 0) { [void]$sb.Append([char]'\', $slashes); $slashes = 0 }
        [void]$sb.Append($ch)
    }
    if ($slashes -gt 0) { [void]$sb.Append([char]'\', 2 * $slashes) }
    [void]$sb.Append('"')
    return $sb.ToString()
}

function Get-PupOsInfo {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    $cv = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    $principal = New-Object Security.Principal.WindowsPrincipal ([Security.Principal.WindowsIdentity]::GetCurrent())
    $isAdmin = $principal.IsInRole([Security.Principal.SecurityIdentifier]'S-1-5-32-544')
    return [pscustomobject]@{
        Build = [int]$os.BuildNumber; Ubr = [int]$cv.UBR; Caption = [string]$os.Caption; Edition = [string]$cv.EditionID
        Sku = [int]$os.OperatingSystemSKU; Is64Bit = [Environment]::Is64BitOperatingSystem; IsAdmin = [bool]$isAdmin
        Locale = (Get-UICulture).Name; InteractiveUser = [string]$cs.UserName
        ElevatedUser = [Security.Principal.WindowsIdentity]::GetCurrent().Name
    }
}

function Get-PupHardwareInfo {
    $cpu = @(Get-CimInstance -ClassName Win32_Processor)[0]
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    $disk = Get-CimInstance -ClassName Win32_LogicalDisk -Filter ("DeviceID='" + $env:SystemDrive + "'")
    $model = [string]$cs.Model; $maker = [string]$cs.Manufacturer
    $isVm = ($model -match 'Virtual Machine|VMware|VirtualBox|KVM|QEMU|HVM domU|Standard PC') -or ($maker -match 'VMware|QEMU|innotek|Xen|Parallels|Red Hat')
    return [pscustomobject]@{
        VirtualizationFirmwareEnabled = [bool]$cpu.VirtualizationFirmwareEnabled; HypervisorPresent = [bool]$cs.HypervisorPresent
        Manufacturer = $maker; Model = $model; IsVirtualMachine = [bool]$isVm
        FreeDiskGB = [math]::Round($disk.FreeSpace / 1GB, 1); MemoryGB = [math]::Round($cs.TotalPhysicalMemory / 1GB, 1)
    }
}

function Get-PupFeatureState {
    param([Parameter(Mandatory = $true)][string]$Name)
    $f = Get-WindowsOptionalFeature -Online -FeatureName $Name -ErrorAction SilentlyContinue
    if ($null -eq $f) { return $null }
    return [string]$f.State
}

function Enable-PupFeature {
    # -NoRestart: only Pupperware Setup restarts, with consent. Throws the real error for an unknown feature.
    param([Parameter(Mandatory = $true)][string]$Name)
    $r = Enable-WindowsOptionalFeature -Online -FeatureName $Name -All -NoRestart -WarningAction SilentlyContinue
    return [pscustomobject]@{ Path = [string]$r.Path; Online = [bool]$r.Online; RestartNeeded = [bool]$r.RestartNeeded }
}

function Get-PupPendingReboot {
    $cbs = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'
    $wu = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
    $sm = Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -ErrorAction SilentlyContinue
    $pfr = ($null -ne $sm -and $null -ne $sm.PSObject.Properties['PendingFileRenameOperations'])
    $active = (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName').ComputerName
    $pending = (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName').ComputerName
    return [pscustomobject]@{ cbs = [bool]$cbs; windowsUpdate = [bool]$wu; computerRename = ($active -ne $pending); pendingFileRename = [bool]$pfr }
}

function Invoke-PupNative {
    # Runs a program with redirected streams read as raw bytes, a timeout (then the process tree is
    # killed), and an empty stdin (so a "Press any key" prompt sees end-of-file instead of blocking).
    param(
        [Parameter(Mandatory = $true)][string]$Command,
        [string[]]$Arguments = @(),
        [string]$StdinText,
        [int]$TimeoutSeconds = 0,
        [hashtable]$Environment
    )
    $target = Resolve-WinExecutable -Command $Command -Arguments $Arguments
    if (-not $target.Path -or -not (Test-Path -LiteralPath $target.Path)) {
        $msg = [System.Text.Encoding]::UTF8.GetBytes("'$Command' is not recognized as an internal or external command,`r`noperable program or batch file.`r`n")
        return [pscustomobject]@{ ExitCode = 9009; StdoutBytes = [byte[]]@(); StderrBytes = $msg; TimedOut = $false }
    }
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $target.Path
    $psi.Arguments = (@($target.Args | ForEach-Object { ConvertTo-WinArgument -Value ([string]$_) }) -join ' ')
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    if ($Environment) { foreach ($k in $Environment.Keys) { $psi.EnvironmentVariables[[string]$k] = [string]$Environment[$k] } }
    $p = New-Object System.Diagnostics.Process
    $p.StartInfo = $psi
    [void]$p.Start()
    $out = New-Object System.IO.MemoryStream
    $err = New-Object System.IO.MemoryStream
    $outTask = $p.StandardOutput.BaseStream.CopyToAsync($out)
    $errTask = $p.StandardError.BaseStream.CopyToAsync($err)
    if ($PSBoundParameters.ContainsKey('StdinText') -and $null -ne $StdinText) {
        # Bytes, not the console code page: a password with non-ASCII characters must arrive intact.
        $bytes = (New-Object System.Text.UTF8Encoding $false).GetBytes($StdinText)
        $p.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
        $p.StandardInput.BaseStream.Flush()
    }
    $p.StandardInput.Close()
    $ms = -1
    if ($TimeoutSeconds -gt 0) { $ms = $TimeoutSeconds * 1000 }
    $timedOut = -not $p.WaitForExit($ms)
    if ($timedOut) {
        & (Get-WinSystemPath 'taskkill.exe') /PID $p.Id /T /F 2>&1 | Out-Null
        [void]$p.WaitForExit(10000)
    }
    [void]$outTask.Wait(10000); [void]$errTask.Wait(10000)
    $code = $null
    if (-not $timedOut) { $code = $p.ExitCode }
    return [pscustomobject]@{ ExitCode = $code; StdoutBytes = $out.ToArray(); StderrBytes = $err.ToArray(); TimedOut = $timedOut }
}

function Get-PupInstalledApp {
    param([Parameter(Mandatory = $true)][string]$Name)
    foreach ($root in $script:UninstallKeys) {
        $key = Join-Path $root $Name
        if (Test-Path -LiteralPath $key) {
            $p = Get-ItemProperty -LiteralPath $key
            return [pscustomobject]@{ DisplayName = [string]$p.DisplayName; DisplayVersion = [string]$p.DisplayVersion; InstallLocation = [string]$p.InstallLocation }
        }
    }
    if ($Name -eq 'Docker Desktop') {
        $exe = Join-Path $env:ProgramFiles 'Docker\Docker\Docker Desktop.exe'
        if (Test-Path -LiteralPath $exe) {
            return [pscustomobject]@{ DisplayName = 'Docker Desktop'; DisplayVersion = (Get-Item -LiteralPath $exe).VersionInfo.ProductVersion; InstallLocation = (Split-Path $exe) }
        }
    }
    return $null
}

function Get-PupLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Group)
    try {
        foreach ($m in (Get-LocalGroupMember -Group $Group)) { [string]$m.Name }
    } catch [Microsoft.PowerShell.Commands.GroupNotFoundException] {
        throw "Group $Group was not found."
    } catch {
        # Get-LocalGroupMember fails on orphaned SIDs and some Azure AD members; ADSI still lists names.
        $g = [ADSI]("WinNT://./$Group,group")
        foreach ($m in @($g.Invoke('Members'))) { [string]$m.GetType().InvokeMember('Name', 'GetProperty', $null, $m, $null) }
    }
}

function Add-PupLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Group, [Parameter(Mandatory = $true)][string]$Member)
    Add-LocalGroupMember -Group $Group -Member $Member
}

function Get-PupFirewallRule {
    param([Parameter(Mandatory = $true)][string]$DisplayName)
    $r = Get-NetFirewallRule -DisplayName $DisplayName -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $r) { return $null }
    $app = $r | Get-NetFirewallApplicationFilter
    return [pscustomobject]@{ DisplayName = [string]$r.DisplayName; Direction = [string]$r.Direction; Program = [string]$app.Program; Action = [string]$r.Action }
}

function New-PupFirewallRule {
    param(
        [Parameter(Mandatory = $true)][string]$DisplayName,
        [ValidateSet('Inbound', 'Outbound')][string]$Direction = 'Inbound',
        [Parameter(Mandatory = $true)][string]$Program,
        [ValidateSet('Allow', 'Block')][string]$Action = 'Allow'
    )
    [void](New-NetFirewallRule -DisplayName $DisplayName -Direction $Direction -Program $Program -Action $Action -Profile Any)
}

function Get-PupScheduledTask {
    param([Parameter(Mandatory = $true)][string]$Name)
    $t = Get-ScheduledTask -TaskName $Name -ErrorAction SilentlyContinue
    if ($null -eq $t) { return $null }
    $a = @($t.Actions)[0]
    return [pscustomobject]@{
        Name = [string]$t.TaskName; User = [string]$t.Principal.UserId; Trigger = 'logon'; RunLevel = [string]$t.Principal.RunLevel
        Execute = [string]$a.Execute; Arguments = [string]$a.Arguments; AllowOnBatteries = -not $t.Settings.DisallowStartIfOnBatteries
    }
}

function Register-PupScheduledTask {
    # Logon trigger for the interactive user, RunLevel Highest (elevated without a UAC prompt for an
    # admin), and battery settings off: otherwise the task silently never starts on a laptop.
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$User,
        [Parameter(Mandatory = $true)][string]$Execute,
        [string]$Arguments = ''
    )
    $action = New-ScheduledTaskAction -Execute $Execute -Argument $Arguments
    if (-not $Arguments) { $action = New-ScheduledTaskAction -Execute $Execute }
    $trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
    $principal = New-ScheduledTaskPrincipal -UserId $User -LogonType Interactive -RunLevel Highest
    $settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable
    [void](Register-ScheduledTask -TaskName $Name -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Force)
}

function Unregister-PupScheduledTask {
    param([Parameter(Mandatory = $true)][string]$Name)
    if (Get-ScheduledTask -TaskName $Name -ErrorAction SilentlyContinue) { Unregister-ScheduledTask -TaskName $Name -Confirm:$false }
}

function Get-PupLastBootTime {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    return $os.LastBootUpTime.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
}

function Get-PupLogonSession {
    # The logon session of the desktop (explorer.exe's owner); it changes with every sign-in.
    $explorer = Get-CimInstance -ClassName Win32_Process -Filter "Name='explorer.exe'" | Select-Object -First 1
    if ($null -eq $explorer) { return $null }
    $session = Get-CimAssociatedInstance -InputObject $explorer -ResultClassName Win32_LogonSession -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $session) { return [string]$explorer.SessionId }
    return [string]$session.LogonId
}

function Start-PupProcess {
    param([Parameter(Mandatory = $true)][string]$Path)
    # Note: started from this elevated process, the program runs elevated too.
    Start-Process -FilePath $Path
}

function Save-PupDownload {
    param([Parameter(Mandatory = $true)][string]$Uri, [Parameter(Mandatory = $true)][string]$OutFile)
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    # The progress bar makes Invoke-WebRequest many times slower on 5.1.
    $saved = $ProgressPreference
    $ProgressPreference = 'SilentlyContinue'
    try { Invoke-WebRequest -Uri $Uri -OutFile $OutFile -UseBasicParsing } finally { $ProgressPreference = $saved }
}

function Wait-PupInterval {
    param([Parameter(Mandatory = $true)][double]$Seconds)
    Start-Sleep -Milliseconds ([int]($Seconds * 1000))
}

Export-ModuleMember -Function @(
    'Get-PupOsInfo', 'Get-PupHardwareInfo', 'Get-PupFeatureState', 'Enable-PupFeature', 'Get-PupPendingReboot',
    'Invoke-PupNative', 'Get-PupInstalledApp', 'Get-PupLocalGroupMember', 'Add-PupLocalGroupMember',
    'Get-PupFirewallRule', 'New-PupFirewallRule', 'Get-PupScheduledTask', 'Register-PupScheduledTask',
    'Unregister-PupScheduledTask', 'Get-PupLastBootTime', 'Get-PupLogonSession', 'Start-PupProcess',
    'Save-PupDownload', 'Wait-PupInterval'
)
