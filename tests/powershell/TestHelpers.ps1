# TestHelpers.ps1 -- dot-sourced by the Pester tests: simulated machines, step parameters, and running
# the real step scripts in-process or as a separate process exactly as the engine does.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:PsRoot = Join-Path $script:RepoRoot 'src/powershell'
$script:StepsDir = Join-Path $script:PsRoot 'steps'
$script:ModulePath = Join-Path $script:PsRoot 'PupperwareSetup.psm1'

function Get-TestPwsh {
    # The PowerShell that runs the child processes: PUPPERWARE_PWSH, the repo's .tools copy, or PATH.
    if ($env:PUPPERWARE_PWSH) { return $env:PUPPERWARE_PWSH }
    foreach ($p in @((Join-Path $script:RepoRoot '.tools/pwsh/pwsh'), (Join-Path $script:RepoRoot '.tools/pwsh/pwsh.exe'))) {
        if (Test-Path -LiteralPath $p) { return $p }
    }
    $c = Get-Command pwsh -ErrorAction SilentlyContinue
    if ($c) { return $c.Source }
    return (Get-Command powershell).Source
}

function Get-FixturesDir {
    # The real Windows outputs copied into the repository (origins in its SOURCES.md).
    return (Join-Path $script:RepoRoot 'tests/fixtures/windows-outputs')
}

function New-TestDir {
    $d = Join-Path ([System.IO.Path]::GetTempPath()) ('pup-test-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    [void](New-Item -ItemType Directory -Path $d -Force)
    return $d
}

function Get-FreshMachine {
    # A fresh Windows 10 2004 Pro PC (docs/scenarios.md) as a machine state, every default filled in.
    return [ordered]@{
        schema = 'pupperware-sim-state/1'; scenario = 'test'
        os = [ordered]@{ build = 19041; ubr = 264; caption = 'Microsoft Windows 10 Pro'; edition = 'Professional'; is64Bit = $true; locale = 'en-US' }
        hardware = [ordered]@{ virtualizationFirmwareEnabled = $true; hypervisorPresent = $false; manufacturer = 'Dell Inc.'; model = 'OptiPlex 7080'; nestedVirtualization = $true; freeDiskGB = 120; memoryGB = 16 }
        users = [ordered]@{ interactive = 'DESKTOP-PUP\dev'; elevated = 'DESKTOP-PUP\dev'; isAdmin = $true }
        features = [ordered]@{ 'Microsoft-Windows-Subsystem-Linux' = 'Disabled'; 'VirtualMachinePlatform' = 'Disabled'; 'Microsoft-Hyper-V' = 'Disabled' }
        pendingReboot = [ordered]@{ cbs = $false; windowsUpdate = $false; computerRename = $false; pendingFileRename = $false }
        wsl = [ordered]@{ kind = 'none'; version = '2.6.3.0'; kernelVersion = '6.6.87.2-1'; defaultVersion = 1; honoursUtf8 = $false }
        distros = @()
        availableDistros = @('Ubuntu', 'Ubuntu-22.04', 'Ubuntu-24.04', 'Debian')
        docker = [ordered]@{ installed = $false; version = '4.49.0'; engineRunning = $false; desktopRunning = $false; autoStart = $true; engineStartSeconds = 20; compose = 'v2'; wslIntegration = $true }
        packageManagers = [ordered]@{ winget = $true; choco = $false }
        groups = [ordered]@{ Administrators = @('DESKTOP-PUP\dev') }
        firewallRules = @(); scheduledTasks = @()
        network = [ordered]@{ downloads = 'ok' }
        faults = @()
        boot = [ordered]@{ bootTime = '2026-11-30T08:00:00.000Z'; bootCount = 0; logonSession = 1 }
        clock = [ordered]@{ seconds = 0 }
        changes = @(); faultsFired = [ordered]@{}
    }
}

function Merge-TestData {
    # Objects merge key by key, arrays and values replace (the scenario rule).
    param($Base, $Overrides)
    foreach ($k in @($Overrides.Keys)) {
        if ($Base.Contains($k) -and $Base[$k] -is [System.Collections.IDictionary] -and $Overrides[$k] -is [System.Collections.IDictionary] -and $k -ne 'features') {
            Merge-TestData -Base $Base[$k] -Overrides $Overrides[$k]
        } elseif ($k -eq 'features' -and $Base.Contains($k)) {
            foreach ($f in @($Overrides[$k].Keys)) { $Base[$k][$f] = $Overrides[$k][$f] }
        } else {
            $Base[$k] = $Overrides[$k]
        }
    }
}

function Get-ProvisionedOverrides {
    # Everything done: what a finished run leaves behind.
    return @{
        features = @{ 'Microsoft-Windows-Subsystem-Linux' = 'Enabled'; 'VirtualMachinePlatform' = 'Enabled' }
        wsl = @{ kind = 'store'; defaultVersion = 2; honoursUtf8 = $true }
        distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet'); defaultUser = 'puppet'; passwordUsers = @('puppet') })
        docker = @{ installed = $true; engineRunning = $true; desktopRunning = $true }
        groups = @{ Administrators = @('DESKTOP-PUP\dev'); 'docker-users' = @('DESKTOP-PUP\dev') }
    }
}

function New-TestMachine {
    # Writes a machine state file (fresh defaults merged with -Overrides) and returns its path.
    param([hashtable]$Overrides = @{}, [string]$Dir)
    if (-not $Dir) { $Dir = New-TestDir }
    $m = Get-FreshMachine
    Merge-TestData -Base $m -Overrides $Overrides
    $path = Join-Path $Dir 'machine.json'
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $m -Depth 20), (New-Object System.Text.UTF8Encoding $false))
    return $path
}

function Read-TestMachine {
    param([Parameter(Mandatory = $true)][string]$Path)
    return ([System.IO.File]::ReadAllText($Path) | ConvertFrom-Json)
}

function Get-TestChanges {
    param([Parameter(Mandatory = $true)][string]$Path)
    return @((Read-TestMachine $Path).changes)
}

function Update-TestMachine {
    # Edits a machine state in place: -Script { param($m) ... } receives the parsed JSON object.
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][scriptblock]$Script)
    $m = Read-TestMachine $Path
    & $Script $m
    [System.IO.File]::WriteAllText($Path, (ConvertTo-Json -InputObject $m -Depth 20), (New-Object System.Text.UTF8Encoding $false))
}

function Restart-TestMachine {
    # A simulated restart, as src/engine/sim/machine.ts performs it.
    param([Parameter(Mandatory = $true)][string]$Path)
    Update-TestMachine -Path $Path -Script {
        param($m)
        $stuck = $false
        foreach ($p in $m.features.PSObject.Properties) {
            if ($p.Value -eq 'EnablePending') {
                $never = @($m.faults | Where-Object { $_.command -eq 'enable-feature' -and $_.neverActivates -and $_.feature -eq $p.Name }).Count -gt 0
                if ($never) { $stuck = $true } else { $m.features.($p.Name) = 'Enabled' }
            }
        }
        $m.pendingReboot.cbs = $stuck; $m.pendingReboot.windowsUpdate = $false; $m.pendingReboot.computerRename = $false
        $m.clock.seconds = $m.clock.seconds + 90
        $m.boot.bootCount = $m.boot.bootCount + 1
        $m.boot.logonSession = $m.boot.logonSession + 1
        $m.boot.bootTime = '2026-11-30T08:0' + $m.boot.bootCount + ':00.000Z'
        $m.docker.engineRunning = $false
        $m.docker.desktopRunning = [bool]($m.docker.installed -and $m.docker.autoStart)
        if ($m.docker.desktopRunning) { $m.docker | Add-Member -NotePropertyName desktopStartedAt -NotePropertyValue $m.clock.seconds -Force }
    }
}

function Request-TestSignOut {
    param([Parameter(Mandatory = $true)][string]$Path)
    Update-TestMachine -Path $Path -Script { param($m) $m.boot.logonSession = $m.boot.logonSession + 1 }
}

function New-TestParams {
    # A params.json for one step; every field present, as the engine writes it.
    param([Parameter(Mandatory = $true)][string]$StepId, [hashtable]$Overrides = @{}, [Parameter(Mandatory = $true)][string]$Dir)
    $p = [ordered]@{
        schema = 'pupperware-params/1'; stepId = $StepId; distro = 'Ubuntu'; distroUser = 'puppet'
        interactiveUser = 'DESKTOP-PUP\dev'; dockerSource = 'winget'; wslUpdateSource = 'wsl-update'
        enableHyperV = $false; firewallRule = $false; serviceAccount = $null; engineWaitSeconds = 120; appVersion = '0.1.0-test'
    }
    foreach ($k in $Overrides.Keys) { $p[$k] = $Overrides[$k] }
    $path = Join-Path $Dir "$StepId.params.json"
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $p -Depth 5), (New-Object System.Text.UTF8Encoding $false))
    return $path
}

function Invoke-TestStep {
    # Runs a real step script against the machine state file and returns
    #   @{ Result (parsed result.json or $null); ExitCode; Output (console text); Changes (after) }.
    # -Process runs it as a separate process with the engine's command line; otherwise in-process.
    param(
        [Parameter(Mandatory = $true)][string]$Step,
        [Parameter(Mandatory = $true)][ValidateSet('Test', 'Set')][string]$Mode,
        [Parameter(Mandatory = $true)][string]$Machine,
        [hashtable]$Params = @{},
        [string]$Password,
        [switch]$Process
    )
    $dir = Split-Path -Parent $Machine
    $paramsPath = New-TestParams -StepId $Step -Overrides $Params -Dir $dir
    $resultPath = Join-Path $dir "$Step.$($Mode.ToLowerInvariant()).result.json"
    if (Test-Path -LiteralPath $resultPath) { Remove-Item -LiteralPath $resultPath -Force }
    $script = Join-Path $script:StepsDir "$Step.ps1"
    $savedSim = $env:PUPPERWARE_SIM_STATE
    $env:PUPPERWARE_SIM_STATE = $Machine
    if ($PSBoundParameters.ContainsKey('Password')) { $env:PUPPERWARE_SETUP_PASSWORD = $Password }
    try {
        if ($Process) {
            $output = & (Get-TestPwsh) -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $script -Mode $Mode -ParamsPath $paramsPath -ResultPath $resultPath 2>&1 | Out-String
            $exit = $LASTEXITCODE
        } else {
            $output = & $script -Mode $Mode -ParamsPath $paramsPath -ResultPath $resultPath 6>&1 2>&1 | Out-String
            $exit = $LASTEXITCODE
        }
    } finally {
        $env:PUPPERWARE_SIM_STATE = $savedSim
        Remove-Item -Path Env:PUPPERWARE_SETUP_PASSWORD -ErrorAction SilentlyContinue
    }
    $result = $null
    if (Test-Path -LiteralPath $resultPath) { $result = [System.IO.File]::ReadAllText($resultPath) | ConvertFrom-Json }
    return @{ Result = $result; ExitCode = $exit; Output = $output; ResultPath = $resultPath; Changes = (Get-TestChanges $Machine) }
}

function Import-PupModuleForTest {
    # Imports the shared module with the simulator as its host (in-process tests never load WindowsHost).
    param([string]$Machine)
    if (-not $Machine) { $Machine = New-TestMachine }
    $env:PUPPERWARE_SIM_STATE = $Machine
    Import-Module $script:ModulePath -Force -DisableNameChecking
    return $Machine
}
