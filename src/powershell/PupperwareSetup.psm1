# PupperwareSetup.psm1 -- the logic shared by every step script (docs/step-contract.md):
# parameters, the Test -> Set -> Verify runner, result files, and the parsers for what Windows tools
# print. Parsers are shared by the real and the simulated host, never forked for simulation.
#
# Runs on Windows PowerShell 5.1 and PowerShell 7: no PowerShell 7-only syntax, ASCII-only source
# (5.1 reads a BOM-less file as ANSI). tests/powershell/Test-PowerShellSyntax.ps1 enforces both.

$ErrorActionPreference = 'Stop'

if ($PSVersionTable.PSVersion.Major -lt 6) {
    # Windows PowerShell 5.1 serialises arrays as {"value":[...],"Count":n} while this ETS data exists.
    Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
}

# Exactly one host module: the simulator when PUPPERWARE_SIM_STATE names a state file, else Windows.
$script:HostModuleName = 'WindowsHost'
if ($env:PUPPERWARE_SIM_STATE) { $script:HostModuleName = 'SimHost' }
foreach ($candidate in @('SimHost', 'WindowsHost')) {
    if ($candidate -ne $script:HostModuleName -and (Get-Module -Name $candidate)) {
        Remove-Module -Name $candidate -Force
    }
}
Import-Module (Join-Path (Join-Path $PSScriptRoot 'host') ($script:HostModuleName + '.psm1')) -Global -DisableNameChecking

$script:ResultSchema = 'pupperware-result/1'
$script:ParamsSchema = 'pupperware-params/1'
# The same patterns as src/common/contract.ts; user input is validated there and again here.
$script:LinuxUserPattern = '^[a-z_][a-z0-9_-]{0,31}$'
$script:DistroNamePattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
$script:WindowsAccountPattern = '^[A-Za-z0-9 ._-]{1,64}(\\[A-Za-z0-9 ._$-]{1,64})?$'
$script:StepIds = @('preflight', 'pending-restart', 'features', 'docker-desktop', 'docker-users', 'firewall',
    'wsl-update', 'wsl-default-version', 'distro', 'distro-user', 'engine-start', 'validate')
# Raw tool output kept in facts is cut to this many characters (diagnostics, not archives).
$script:MaxOutputChars = 8000

function Get-PupHostModuleName { $script:HostModuleName }

# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

function New-PupException {
    # An exception carrying a stable code for the troubleshooting catalog. Throw it: throw (New-PupException ...)
    param(
        [Parameter(Mandatory = $true)][string]$Code,
        [Parameter(Mandatory = $true)][string]$Message,
        $Facts
    )
    $ex = [System.Exception]::new($Message)
    $ex.Data['PupCode'] = $Code
    if ($null -ne $Facts) { $ex.Data['PupFacts'] = $Facts }
    return $ex
}

function Get-PupErrorInfo {
    # Turns any caught error into @{ code; message; facts } for the result file.
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $ex = $ErrorRecord
    if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) { $ex = $ErrorRecord.Exception }
    $e = $ex
    while ($null -ne $e) {
        if ($null -ne $e.Data -and $e.Data.Contains('PupCode')) {
            return @{ code = [string]$e.Data['PupCode']; message = $e.Message; facts = $e.Data['PupFacts'] }
        }
        $e = $e.InnerException
    }
    $text = [string]$ex.Message
    $code = Get-PupErrorCode -Text $text
    if (-not $code) { $code = 'UNEXPECTED' }
    $message = "Something unexpected went wrong: $text"
    $advice = Get-PupErrorAdvice -Code $code
    if ($advice) { $message = "$text $advice" }
    return @{ code = $code; message = $message; facts = $null }
}

function Get-PupErrorAdvice {
    # What the user can do about a known error code; $null when we have nothing specific to say.
    param([string]$Code)
    if (-not $Code) { return $null }
    switch -regex ($Code) {
        '^0x800701bc$' { return 'WSL 2 needs an update to its Linux kernel component. Let setup run the WSL update step (wsl --update), then try again.' }
        '^(0x8007019e|WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED)$' { return 'The Windows Subsystem for Linux feature is turned on but not active yet. Restart Windows and run setup again. If it persists after a restart, run "wsl --install --no-distribution" as administrator and restart once more.' }
        '^(HCS_E_HYPERV_NOT_INSTALLED|HCS_E_SERVICE_NOT_AVAILABLE|0x80370102)$' { return 'Windows cannot start the WSL 2 virtual machine: virtualization is off in the firmware (BIOS/UEFI), or this virtual machine has no nested virtualization. Turn on VT-x/AMD-V in the firmware, or use a VM size that supports nested virtualization, then restart.' }
        '^(Wsl/CallMsi|Wsl/UpdatePackage)' { return 'The WSL package installer failed. One known cause is a full C: drive: free some space, read %TEMP%\wsl-install-logs.txt, and try again.' }
        '^exit:1603$' { return 'The installer reported a fatal error (1603). Free disk space, close other installers, and try again; the installer log has the details.' }
        '^exit:1618$' { return 'Another installation is running. Wait for it to finish, then try again.' }
        '^exit:-5$' { return 'The installer was denied access (it needs to run elevated). Run Pupperware Setup as an administrator.' }
        '^DOCKER_USERS_GROUP$' { return 'Your account is not active in the docker-users group yet. Sign out of Windows and back in (a restart does this too), then try again.' }
        '^0x80072efd$' { return 'The server could not be reached. Check the internet connection or proxy, then try again.' }
        '^TIMEOUT$' { return 'It did not finish in time. Try again; if it keeps happening, restart Windows first.' }
        default { return $null }
    }
}

function Get-PupErrorCode {
    # The stable code in a tool's output. Codes are not translated, so they are matched before any
    # English text; the English patterns are a fallback for messages that carry no code.
    param([string]$Text)
    if ([string]::IsNullOrEmpty($Text)) { return $null }
    $m = [regex]::Match($Text, '\b((?:WSL|HCS)_E_[A-Z0-9_]+)\b')
    if ($m.Success) { return $m.Groups[1].Value }
    $m = [regex]::Match($Text, '\b0x[0-9a-fA-F]{8}\b')
    if ($m.Success) { return $m.Value.ToLowerInvariant() }
    # A Wsl/... path counts when its last segment is a code (Wsl/CallMsi/E_ABORT); a bare location such
    # as Wsl/InstallDistro/Service lets the English patterns below say more, and is the last resort.
    $wslPath = $null
    $m = [regex]::Match($Text, '\bWsl/[A-Za-z0-9_/]*[A-Za-z0-9_]')
    if ($m.Success) {
        $last = ($m.Value -split '/')[-1]
        if ($last -match '^(E_|ERROR_)|_') { return $m.Value }
        $wslPath = $m.Value
    }
    # "Error: 0x1bc" is a Win32 error without its facility: 0x800701bc.
    $m = [regex]::Match($Text, '(?i)\bError:\s*0x([0-9a-f]{1,4})\b')
    if ($m.Success) { return ('0x8007' + $m.Groups[1].Value.ToLowerInvariant().PadLeft(4, '0')) }
    $fallbacks = @(
        @('WSL 2 requires an update to its kernel component|WSL 2 kernel file is not found', '0x800701bc'),
        @('optional component is not enabled|requires the Windows Subsystem for Linux Optional Component', '0x8007019e'),
        @('virtual machine could not be started because a required feature is not installed', '0x80370102'),
        @('Please enable the Virtual Machine Platform|WSL ?2 is not supported (with|by) (your|the) current machine configuration', 'HCS_E_HYPERV_NOT_INSTALLED'),
        @("not allowed to use Docker|must be in the \W*docker-users\W* group|is not in the \W*docker-users\W* group", 'DOCKER_USERS_GROUP'),
        @('Feature name \S+ is unknown', 'FEATURE_UNKNOWN'),
        @('requested operation requires elevation', 'exit:-5')
    )
    foreach ($pair in $fallbacks) {
        if ($Text -match $pair[0]) { return $pair[1] }
    }
    return $wslPath
}

function ConvertTo-PupSignedExitCode {
    # Installers' negative exit codes arrive as unsigned 32-bit numbers: 4294967291 is -5.
    param([Parameter(Mandatory = $true)]$Code)
    $n = [long]$Code
    if ($n -gt [int]::MaxValue -and $n -le [uint32]::MaxValue) { $n = $n - 4294967296 }
    return [int]$n
}

# ---------------------------------------------------------------------------------------------
# Decoding and parsing tool output
# ---------------------------------------------------------------------------------------------

function ConvertFrom-PupNativeBytes {
    # Bytes from a native command -> text with LF line ends. wsl.exe writes UTF-16LE without BOM
    # (NUL bytes between characters) unless WSL_UTF8=1 is honoured; multi-line messages end in CR CR LF.
    param([byte[]]$Bytes)
    if ($null -eq $Bytes -or $Bytes.Length -eq 0) { return '' }
    $text = $null
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) {
        $text = [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2)
    } elseif ($Bytes.Length -ge 3 -and $Bytes[0] -eq 0xEF -and $Bytes[1] -eq 0xBB -and $Bytes[2] -eq 0xBF) {
        $text = [System.Text.Encoding]::UTF8.GetString($Bytes, 3, $Bytes.Length - 3)
    } elseif ([Array]::IndexOf($Bytes, [byte]0) -ge 0) {
        # Count where the NULs sit in a sample: odd offsets = UTF-16LE, even offsets = read one byte off.
        $odd = 0; $even = 0
        $limit = [Math]::Min($Bytes.Length, 4096)
        for ($i = 0; $i -lt $limit; $i++) {
            if ($Bytes[$i] -eq 0) { if ($i % 2 -eq 1) { $odd++ } else { $even++ } }
        }
        $length = $Bytes.Length - ($Bytes.Length % 2)
        if ($odd -ge $even) {
            $text = [System.Text.Encoding]::Unicode.GetString($Bytes, 0, $length)
        } else {
            $text = [System.Text.Encoding]::BigEndianUnicode.GetString($Bytes, 0, $length)
        }
    } else {
        $text = [System.Text.Encoding]::UTF8.GetString($Bytes)
    }
    return (ConvertTo-PupNormalizedText -Text $text)
}

function ConvertTo-PupNormalizedText {
    # Strips BOM and NUL characters and turns CR CR LF / CR LF into LF.
    param([string]$Text)
    if ($null -eq $Text) { return '' }
    $t = $Text.Replace([string][char]0xFEFF, '').Replace([string][char]0, '')
    return [regex]::Replace($t, "`r+`n", "`n")
}

function ConvertFrom-PupWslList {
    # Parses `wsl -l -v`. Headers and states are English on every locale; column widths are not
    # predictable and the '*' default marker can be missing, so rows are split on runs of spaces.
    # Returns @{ Recognized = $true when the table header was found; Distros = @(@{Name;State;Version;IsDefault}) }.
    param([string]$Text)
    $distros = New-Object System.Collections.ArrayList
    $lines = (ConvertTo-PupNormalizedText -Text $Text) -split "`n"
    $header = -1
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^\s*\*?\s*NAME\s+STATE\s+VERSION\s*$') { $header = $i; break }
    }
    if ($header -ge 0) {
        for ($i = $header + 1; $i -lt $lines.Count; $i++) {
            $row = $lines[$i].Trim()
            if ($row -eq '') { continue }
            $isDefault = $false
            if ($row.StartsWith('*')) { $isDefault = $true; $row = $row.Substring(1).Trim() }
            $parts = @($row -split '\s+')
            if ($parts.Count -lt 3 -or $parts[-1] -notmatch '^\d+$') { continue }
            $name = ($parts[0..($parts.Count - 3)] -join ' ')
            [void]$distros.Add([pscustomobject]@{ Name = $name; State = $parts[-2]; Version = [int]$parts[-1]; IsDefault = $isDefault })
        }
    }
    return [pscustomobject]@{ Recognized = ($header -ge 0); Distros = $distros.ToArray() }
}

function Test-PupWslNoDistros {
    # `wsl -l -v` with no distribution fails with a message instead of an empty table.
    param([string]$Text)
    return ($Text -match 'WSL_E_DEFAULT_DISTRO_NOT_FOUND|has no installed distributions')
}

function Get-PupWslDefaultVersion {
    # `wsl --status` is translated ("Default Version: 2", "Standardversion: 2",
    # "Version par defaut<U+00A0>: 2"), so the default version is the line whose value after the colon is
    # a single digit.
    param([string]$Text)
    foreach ($line in ((ConvertTo-PupNormalizedText -Text $Text) -split "`n")) {
        $m = [regex]::Match($line, '^[^:]*\S[\s\u00A0]*:[\s\u00A0]*([0-9])[\s\u00A0]*$')
        if ($m.Success) { return [int]$m.Groups[1].Value }
    }
    return $null
}

function Get-PupWslVersionInfo {
    # Parses `wsl --version`. The Store/MSI WSL prints "WSL version: 2.6.3.0" (labels translated, the
    # WSL version first); the inbox wsl.exe answers "Invalid command line option: --version" and usage.
    # Returns @{ Kind = 'store'|'inbox'|'unknown'; WslVersion; KernelVersion }.
    param([string]$Text, $ExitCode)
    $t = ConvertTo-PupNormalizedText -Text $Text
    $kind = 'unknown'; $wslVersion = $null; $kernel = $null
    $m = [regex]::Match($t, '(?i)WSL[^:\n]{0,24}:[\s\u00A0]*(\d+\.\d+\.\d+(?:\.\d+)?)')
    if ($m.Success) {
        $kind = 'store'; $wslVersion = $m.Groups[1].Value
        $k = [regex]::Match($t, '(?i)Kernel[^:\n]{0,24}:[\s\u00A0]*(\d[^\s]*)')
        if ($k.Success) { $kernel = $k.Groups[1].Value }
    } elseif ($t -match '(?i)--version|Usage: wsl|wsl\.exe \[') {
        $kind = 'inbox'
    } elseif ($null -ne $ExitCode -and $ExitCode -ne 0) {
        $kind = 'inbox'
    }
    return [pscustomobject]@{ Kind = $kind; WslVersion = $wslVersion; KernelVersion = $kernel }
}

function Test-PupVersionAtLeast {
    # '2.6.3.0' >= '2.1.5'; suffixes such as '-1' are ignored.
    param([string]$Version, [string]$Minimum)
    if (-not $Version) { return $false }
    $a = [regex]::Match($Version, '^\d+(\.\d+){0,3}').Value
    $b = [regex]::Match($Minimum, '^\d+(\.\d+){0,3}').Value
    if (-not $a) { return $false }
    if ($a -notmatch '\.') { $a = "$a.0" }
    if ($b -notmatch '\.') { $b = "$b.0" }
    return ([version]$a -ge [version]$b)
}

function Get-PupPasswordStatus {
    # The status field of `passwd -S <user>`: P (usable password), L (locked: none set), NP (empty), or $null.
    param([string]$Text)
    $line = ((ConvertTo-PupNormalizedText -Text $Text) -split "`n" | Where-Object { $_.Trim() -ne '' } | Select-Object -First 1)
    if (-not $line) { return $null }
    $fields = @($line.Trim() -split '\s+')
    if ($fields.Count -lt 2) { return $null }
    if (@('P', 'PS', 'L', 'LK', 'NP') -notcontains $fields[1]) { return $null }
    if ($fields[1] -eq 'PS') { return 'P' }
    if ($fields[1] -eq 'LK') { return 'L' }
    return $fields[1]
}

function Get-PupWslConfDefaultUser {
    # The [user] default= value of an /etc/wsl.conf text, or $null.
    param([string]$Text)
    $section = ''
    foreach ($line in ((ConvertTo-PupNormalizedText -Text $Text) -split "`n")) {
        $l = $line.Trim()
        if ($l -match '^\[([^\]]+)\]') { $section = $Matches[1].Trim().ToLowerInvariant(); continue }
        if ($section -eq 'user' -and $l -match '^default\s*=\s*(.*)$') {
            $v = $Matches[1].Trim().Trim('"')
            if ($v) { return $v }
        }
    }
    return $null
}

function Set-PupWslConfDefaultUser {
    # Returns the wsl.conf text with [user] default=<User>, keeping every other line as it was.
    param([string]$Text, [Parameter(Mandatory = $true)][string]$User)
    $lines = New-Object System.Collections.ArrayList
    $t = ConvertTo-PupNormalizedText -Text $Text
    if ($t -ne '') { foreach ($l in ($t.TrimEnd("`n") -split "`n")) { [void]$lines.Add($l) } }
    $section = ''; $userSection = -1; $done = $false
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $l = ([string]$lines[$i]).Trim()
        if ($l -match '^\[([^\]]+)\]') {
            if ($section -eq 'user' -and -not $done) { $lines.Insert($i, "default=$User"); $done = $true; $i++ }
            $section = $Matches[1].Trim().ToLowerInvariant()
            if ($section -eq 'user') { $userSection = $i }
            continue
        }
        if ($section -eq 'user' -and $l -match '^default\s*=') {
            if ($done) { $lines.RemoveAt($i); $i-- } else { $lines[$i] = "default=$User"; $done = $true }
        }
    }
    if (-not $done) {
        if ($userSection -ge 0) {
            [void]$lines.Add("default=$User")
        } else {
            if ($lines.Count -gt 0 -and ([string]$lines[$lines.Count - 1]).Trim() -ne '') { [void]$lines.Add('') }
            [void]$lines.Add('[user]'); [void]$lines.Add("default=$User")
        }
    }
    return (($lines.ToArray() -join "`n") + "`n")
}

function Get-PupOutputTail {
    # The last non-empty lines of a tool's output, for a user-facing message.
    param([string]$Text, [int]$Lines = 2)
    $list = @(((ConvertTo-PupNormalizedText -Text $Text) -split "`n") | Where-Object { $_.Trim() -ne '' })
    if ($list.Count -eq 0) { return '' }
    $from = [Math]::Max(0, $list.Count - $Lines)
    return (($list[$from..($list.Count - 1)] | ForEach-Object { $_.Trim() }) -join ' ')
}

function Limit-PupText {
    param([string]$Text, [int]$Max = $script:MaxOutputChars)
    if ($null -eq $Text) { return '' }
    if ($Text.Length -le $Max) { return $Text }
    return ($Text.Substring(0, $Max) + "`n[... cut at $Max characters]")
}

# ---------------------------------------------------------------------------------------------
# Running tools through the host
# ---------------------------------------------------------------------------------------------

function Invoke-PupTool {
    # Runs a native command through the host's Invoke-PupNative and decodes both streams with the one
    # decoder. wsl is always asked for UTF-8 (WSL_UTF8=1) and still decoded defensively.
    param(
        [Parameter(Mandatory = $true)][string]$Command,
        [string[]]$Arguments = @(),
        [string]$StdinText,
        [int]$TimeoutSeconds = 60,
        [hashtable]$Environment
    )
    $envMap = @{}
    if ($Environment) { foreach ($k in $Environment.Keys) { $envMap[$k] = $Environment[$k] } }
    if ($Command -eq 'wsl' -or $Command -eq 'distro-launcher') { $envMap['WSL_UTF8'] = '1' }
    $call = @{ Command = $Command; Arguments = $Arguments; TimeoutSeconds = $TimeoutSeconds; Environment = $envMap }
    if ($PSBoundParameters.ContainsKey('StdinText')) { $call['StdinText'] = $StdinText }
    $raw = Invoke-PupNative @call
    $out = ConvertFrom-PupNativeBytes -Bytes $raw.StdoutBytes
    $err = ConvertFrom-PupNativeBytes -Bytes $raw.StderrBytes
    $exit = $null
    if ($null -ne $raw.ExitCode) { $exit = ConvertTo-PupSignedExitCode -Code $raw.ExitCode }
    $text = (@($out, $err) | Where-Object { $_ -ne '' }) -join "`n"
    $timedOut = [bool]$raw.TimedOut
    $code = $null
    if ($timedOut) { $code = 'TIMEOUT' } else { $code = Get-PupErrorCode -Text $text }
    return [pscustomobject]@{
        Command = $Command; Arguments = $Arguments; ExitCode = $exit; Stdout = $out; Stderr = $err
        Text = $text; TimedOut = $timedOut; ErrorCode = $code; TimeoutSeconds = $TimeoutSeconds
    }
}

function Format-PupCommandLine {
    param([string]$Command, [string[]]$Arguments)
    $parts = @($Command) + @($Arguments | ForEach-Object { if ($_ -match '\s|^$') { '"' + $_ + '"' } else { $_ } })
    return ($parts -join ' ')
}

function New-PupToolException {
    # The error for a tool run that failed: the code it printed, else exit:<n>, and a message for a user.
    param(
        [Parameter(Mandatory = $true)]$Result,
        [Parameter(Mandatory = $true)][string]$What,
        [string]$Code
    )
    $line = Format-PupCommandLine -Command $Result.Command -Arguments $Result.Arguments
    if (-not $Code) {
        if ($Result.TimedOut) { $Code = 'TIMEOUT' }
        elseif ($Result.ErrorCode) { $Code = $Result.ErrorCode }
        else { $Code = "exit:$($Result.ExitCode)" }
    }
    if ($Result.TimedOut) {
        $message = "$What did not finish within $($Result.TimeoutSeconds) seconds ($line) and was stopped."
    } else {
        $tail = Get-PupOutputTail -Text $Result.Text
        $message = "$What failed ($line, exit code $($Result.ExitCode))."
        if ($tail) { $message = "$message It said: $tail" }
    }
    $advice = Get-PupErrorAdvice -Code $Code
    if ($advice) { $message = "$message $advice" }
    $facts = [ordered]@{ command = $line; exitCode = $Result.ExitCode; output = (Limit-PupText -Text $Result.Text) }
    return (New-PupException -Code $Code -Message $message -Facts $facts)
}

function Get-PupTempDirectory {
    # Downloads go to a private folder under the temporary directory.
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) 'PupperwareSetup'
    if (-not (Test-Path -LiteralPath $dir)) { [void](New-Item -ItemType Directory -Path $dir -Force) }
    return $dir
}

function Test-PupMember {
    # Whether $Account is among $Members (names compared case-insensitively; 'NETWORK SERVICE' matches
    # 'NT AUTHORITY\NETWORK SERVICE').
    param([string[]]$Members, [string]$Account)
    foreach ($m in @($Members)) {
        if (-not $m) { continue }
        if ($m -ieq $Account) { return $true }
        $short = ($m -split '\\')[-1]
        if ($Account -notmatch '\\' -and $short -ieq $Account) { return $true }
        if ($m -notmatch '\\' -and (($Account -split '\\')[-1]) -ieq $m) { return $true }
    }
    return $false
}

# ---------------------------------------------------------------------------------------------
# Parameters and results
# ---------------------------------------------------------------------------------------------

function ConvertTo-PupData {
    # ConvertFrom-Json gives PSCustomObjects (5.1 has no -AsHashtable): turn them into ordered
    # dictionaries and arrays into ArrayLists so that code can read and change them the same way.
    param($InputObject)
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [System.Management.Automation.PSCustomObject]) {
        $d = [ordered]@{}
        foreach ($p in $InputObject.PSObject.Properties) { $d[$p.Name] = ConvertTo-PupData -InputObject $p.Value }
        return $d
    }
    if ($InputObject -is [System.Collections.IDictionary]) {
        $d = [ordered]@{}
        foreach ($k in $InputObject.Keys) { $d[[string]$k] = ConvertTo-PupData -InputObject $InputObject[$k] }
        return $d
    }
    if ($InputObject -is [System.Collections.IList]) {
        $list = New-Object System.Collections.ArrayList
        foreach ($item in $InputObject) { [void]$list.Add((ConvertTo-PupData -InputObject $item)) }
        return , $list
    }
    if ($InputObject -is [datetime]) { return $InputObject.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ') }
    return $InputObject
}

function ConvertFrom-PupJson {
    # ConvertFrom-Json that keeps ISO dates as strings on PowerShell 7.5+ (which would turn them into
    # DateTime) and returns dictionaries (see ConvertTo-PupData).
    param([Parameter(Mandatory = $true)][string]$Json)
    $options = @{}
    if ((Get-Command ConvertFrom-Json).Parameters.ContainsKey('DateKind')) { $options['DateKind'] = 'String' }
    $obj = $Json | ConvertFrom-Json @options
    return (ConvertTo-PupData -InputObject $obj)
}

function Resolve-PupPath {
    # Relative paths are relative to PowerShell's location, not the process's current directory.
    param([Parameter(Mandatory = $true)][string]$Path)
    return $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
}

function Read-PupParams {
    # Reads and re-validates params.json (the engine validated it with zod already).
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$StepId)
    $full = Resolve-PupPath -Path $Path
    if (-not [System.IO.File]::Exists($full)) {
        throw (New-PupException -Code 'PARAMS_INVALID' -Message "The parameters file $full does not exist. Start steps from Pupperware Setup, which writes it.")
    }
    try {
        $p = ConvertFrom-PupJson -Json ([System.IO.File]::ReadAllText($full))
    } catch {
        throw (New-PupException -Code 'PARAMS_INVALID' -Message "The parameters file $full is not valid JSON: $($_.Exception.Message)")
    }
    if (-not ($p -is [System.Collections.IDictionary])) {
        throw (New-PupException -Code 'PARAMS_INVALID' -Message "The parameters file $full does not hold a JSON object.")
    }
    $problems = New-Object System.Collections.ArrayList
    $fields = @('schema', 'stepId', 'distro', 'distroUser', 'interactiveUser', 'dockerSource', 'wslUpdateSource',
        'enableHyperV', 'firewallRule', 'serviceAccount', 'engineWaitSeconds', 'appVersion')
    foreach ($f in $fields) { if (-not $p.Contains($f)) { [void]$problems.Add("$f is missing") } }
    if ($problems.Count -eq 0) {
        if ($p['schema'] -ne $script:ParamsSchema) { [void]$problems.Add("schema must be $($script:ParamsSchema)") }
        if ($p['stepId'] -cne $StepId) { [void]$problems.Add("stepId is '$($p['stepId'])' but this script is the '$StepId' step") }
        if (-not ($p['distro'] -is [string]) -or $p['distro'] -cnotmatch $script:DistroNamePattern) { [void]$problems.Add('distro is not a valid WSL distribution name') }
        if (-not ($p['distroUser'] -is [string]) -or $p['distroUser'] -cnotmatch $script:LinuxUserPattern) { [void]$problems.Add('distroUser must be 1 to 32 characters: lowercase letters, digits, "_" or "-", starting with a letter or "_"') }
        elseif ($p['distroUser'] -ceq 'root') { [void]$problems.Add('distroUser cannot be root') }
        if (-not ($p['interactiveUser'] -is [string]) -or $p['interactiveUser'] -cnotmatch $script:WindowsAccountPattern) { [void]$problems.Add('interactiveUser is not a valid Windows account (DOMAIN\user)') }
        if (@('winget', 'choco', 'direct') -cnotcontains $p['dockerSource']) { [void]$problems.Add('dockerSource must be winget, choco or direct') }
        if (@('wsl-update', 'kernel-msi') -cnotcontains $p['wslUpdateSource']) { [void]$problems.Add('wslUpdateSource must be wsl-update or kernel-msi') }
        if (-not ($p['enableHyperV'] -is [bool])) { [void]$problems.Add('enableHyperV must be true or false') }
        if (-not ($p['firewallRule'] -is [bool])) { [void]$problems.Add('firewallRule must be true or false') }
        if ($null -ne $p['serviceAccount'] -and (-not ($p['serviceAccount'] -is [string]) -or $p['serviceAccount'] -cnotmatch $script:WindowsAccountPattern)) { [void]$problems.Add('serviceAccount must be null or a Windows account name') }
        $w = $p['engineWaitSeconds']
        if (-not ($w -is [int] -or $w -is [long]) -or $w -lt 1 -or $w -gt 86400) { [void]$problems.Add('engineWaitSeconds must be a whole number of seconds') }
        if (-not ($p['appVersion'] -is [string])) { [void]$problems.Add('appVersion must be a string') }
    }
    if ($problems.Count -gt 0) {
        throw (New-PupException -Code 'PARAMS_INVALID' -Message ("The step's parameters are not valid: " + ($problems -join '; ') + '.'))
    }
    return $p
}

function Write-PupResult {
    # Writes the result atomically: a temporary file beside it, then a rename. UTF-8 without BOM.
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)]$Result)
    $full = Resolve-PupPath -Path $Path
    $dir = [System.IO.Path]::GetDirectoryName($full)
    if ($dir -and -not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
    $json = ConvertTo-Json -InputObject $Result -Depth 20
    $tmp = "$full.tmp$PID"
    [System.IO.File]::WriteAllText($tmp, $json, (New-Object System.Text.UTF8Encoding $false))
    Move-Item -LiteralPath $tmp -Destination $full -Force
}

function Get-PupExitCodeFor {
    param([Parameter(Mandatory = $true)]$Result)
    if ($null -ne $Result['error'] -or $Result['state'] -eq 'blocked') { return 1 }
    if ($Result['rebootRequired']) { return 3010 }
    return 0
}

function ConvertTo-PupOutcome {
    # Normalises what a step's Test or Set block returned.
    param($Value)
    if ($Value -is [System.Array]) {
        # A stray pipeline value from a block: the block's own answer is its last dictionary.
        $last = $null
        foreach ($v in $Value) { if ($v -is [System.Collections.IDictionary]) { $last = $v } }
        $Value = $last
    }
    $o = @{ state = 'absent'; message = ''; facts = [ordered]@{}; rebootRequired = $false; signOutRequired = $false; error = $null }
    if ($Value -is [System.Collections.IDictionary]) {
        foreach ($k in @($Value.Keys)) { $o[$k] = $Value[$k] }
    }
    if ($null -eq $o['facts']) { $o['facts'] = [ordered]@{} }
    return $o
}

function Invoke-PupStep {
    # Runs a step: Test only looks; Set tests first, changes nothing when the step is satisfied
    # (changed=false), else applies and verifies by testing again. Writes the result file and returns
    # the exit code (0, 3010 or 1) for the script to exit with. Every exception ends up in the result.
    #   -Test { param($ctx) @{ state; message; facts; rebootRequired; error } }
    #   -Set  { param($ctx, $before) @{ message; facts; rebootRequired; signOutRequired } }   (omit: Set = Test)
    param(
        [Parameter(Mandatory = $true)][string]$StepId,
        [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
        [Parameter(Mandatory = $true)][string]$ParamsPath,
        [Parameter(Mandatory = $true)][string]$ResultPath,
        [Parameter(Mandatory = $true)][scriptblock]$Test,
        [scriptblock]$Set
    )
    $result = [ordered]@{
        schema = $script:ResultSchema; stepId = $StepId; mode = $Mode; state = 'absent'; changed = $false
        rebootRequired = $false; signOutRequired = $false; exitCode = 1; message = ''; facts = [ordered]@{}; error = $null
    }
    $ctx = @{ StepId = $StepId; Mode = $Mode; Params = $null; Changed = $false }
    $applied = $null
    try {
        $ctx.Params = Read-PupParams -Path $ParamsPath -StepId $StepId
        Write-Host "[$StepId] checking ($Mode)..."
        $before = ConvertTo-PupOutcome (& $Test $ctx)
        $outcome = $before
        if ($Mode -eq 'Set' -and $null -ne $Set -and $before.state -eq 'absent' -and $null -eq $before.error) {
            Write-Host "[$StepId] not done yet: $($before.message)"
            $applied = ConvertTo-PupOutcome (& $Set $ctx $before)
            $ctx.Changed = $true
            Write-Host "[$StepId] verifying..."
            $outcome = ConvertTo-PupOutcome (& $Test $ctx)
            if ($applied.message) { $outcome.message = $applied.message }
            foreach ($k in @($applied.facts.Keys)) { if (-not $outcome.facts.Contains($k)) { $outcome.facts[$k] = $applied.facts[$k] } }
            $outcome.rebootRequired = [bool]($outcome.rebootRequired -or $applied.rebootRequired)
            $outcome.signOutRequired = [bool]($outcome.signOutRequired -or $applied.signOutRequired)
            if ($outcome.state -eq 'absent' -and $null -eq $outcome.error) {
                if ($applied.rebootRequired) {
                    # Applied, and Windows only shows it after the restart.
                    $outcome.state = 'pending-reboot'
                } else {
                    $outcome.error = @{ code = 'VERIFY_FAILED'; message = "The change was made, but checking again still finds it missing: $($outcome.message) Run setup again; if it repeats, restart Windows and retry." }
                }
            }
        }
        $result.state = $outcome.state
        $result.message = [string]$outcome.message
        $result.facts = $outcome.facts
        $result.rebootRequired = [bool]$outcome.rebootRequired
        $result.signOutRequired = [bool]$outcome.signOutRequired
        $result.changed = [bool]$ctx.Changed
        if ($null -ne $outcome.error) {
            $result.error = [ordered]@{ code = [string]$outcome.error.code; message = [string]$outcome.error.message }
            if (-not $result.message) { $result.message = $result.error.message }
        }
    } catch {
        $info = Get-PupErrorInfo -ErrorRecord $_
        $result.error = [ordered]@{ code = $info.code; message = $info.message }
        $result.message = $info.message
        $result.changed = [bool]$ctx.Changed
        if ($null -ne $info.facts) {
            foreach ($k in @($info.facts.Keys)) { $result.facts[$k] = $info.facts[$k] }
        }
    }
    $result.exitCode = Get-PupExitCodeFor -Result $result
    Write-PupResult -Path $ResultPath -Result $result
    if ($null -ne $result.error) {
        Write-Host "[$StepId] FAILED ($($result.error.code)): $($result.error.message)"
    } else {
        $flags = ''
        if ($result.rebootRequired) { $flags = ' (restart needed)' }
        if ($result.signOutRequired) { $flags = "$flags (sign-out needed)" }
        Write-Host "[$StepId] $($result.state)$($flags): $($result.message)"
    }
    return $result.exitCode
}

Export-ModuleMember -Function @(
    'Get-PupHostModuleName', 'Get-PupPasswordStatus', 'New-PupException', 'Get-PupErrorInfo', 'Get-PupErrorAdvice', 'Get-PupErrorCode',
    'ConvertTo-PupSignedExitCode', 'ConvertFrom-PupNativeBytes', 'ConvertTo-PupNormalizedText', 'ConvertFrom-PupWslList',
    'Test-PupWslNoDistros', 'Get-PupWslDefaultVersion', 'Get-PupWslVersionInfo', 'Test-PupVersionAtLeast',
    'Get-PupWslConfDefaultUser', 'Set-PupWslConfDefaultUser', 'Get-PupOutputTail', 'Limit-PupText', 'Invoke-PupTool',
    'Format-PupCommandLine', 'New-PupToolException', 'Get-PupTempDirectory', 'Test-PupMember', 'ConvertTo-PupData',
    'ConvertFrom-PupJson', 'Resolve-PupPath', 'Read-PupParams', 'Write-PupResult', 'Get-PupExitCodeFor', 'Invoke-PupStep'
)
