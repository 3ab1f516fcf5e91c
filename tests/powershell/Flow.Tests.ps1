# Whole runs of the twelve steps against the scenarios shipped in src/powershell/scenarios, driven the
# way the engine drives them (docs/step-contract.md): steps that wait for a restart are deferred while
# one is pending, a restart applies what Windows applies at boot, and the run ends with the outcome
# each scenario expects. A second run changes nothing.

BeforeDiscovery {
    $dir = Join-Path $PSScriptRoot '../../src/powershell/scenarios'
    $script:Scenarios = @(Get-ChildItem -LiteralPath $dir -Filter '*.json' -ErrorAction SilentlyContinue | Sort-Object Name | ForEach-Object { @{ Name = $_.BaseName; File = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    [void](Import-PupModuleForTest)
    $script:Order = @('preflight', 'pending-restart', 'features', 'docker-desktop', 'docker-users', 'firewall', 'wsl-update', 'wsl-default-version', 'distro', 'distro-user', 'engine-start', 'validate')
    $script:WaitsForRestart = @('wsl-update', 'wsl-default-version', 'distro', 'distro-user', 'engine-start', 'validate')
    $script:OptionKeys = @('distro', 'distroUser', 'dockerSource', 'wslUpdateSource', 'enableHyperV', 'firewallRule', 'serviceAccount', 'engineWaitSeconds')

    # The engine's troubleshooting catalog (read only): which catalog entry lists a step's error code.
    $script:Catalog = $null
    $catalogFile = Join-Path $script:RepoRoot 'src/engine/troubleshooting/catalog.json'
    if (Test-Path -LiteralPath $catalogFile) {
        $c = ConvertFrom-PupJson -Json ([System.IO.File]::ReadAllText($catalogFile))
        if ($c -is [System.Collections.IDictionary] -and $c.Contains('entries')) { $script:Catalog = $c.entries } else { $script:Catalog = $c }
    }
    function Get-CatalogIds {
        # Every catalog entry that lists this code (the engine picks among them by step and pattern).
        param([string]$Code)
        $ids = @()
        foreach ($entry in @($script:Catalog)) {
            if ($null -eq $entry -or -not $entry.Contains('match') -or -not $entry.match.Contains('codes')) { continue }
            foreach ($c in @($entry.match.codes)) { if ($Code -eq $c -or $Code.StartsWith("$c/")) { $ids += $entry.id } }
        }
        return $ids
    }

    function New-MachineFromScenario {
        # What src/engine/sim/machine.ts newSimState does: the machine over the fresh defaults.
        param([string]$File)
        $sc = ConvertFrom-PupJson -Json ([System.IO.File]::ReadAllText($File))
        $m = Get-FreshMachine
        if ($sc.Contains('machine') -and $null -ne $sc.machine) { Merge-TestData -Base $m -Overrides $sc.machine }
        if (-not $m.users.elevated -or ($sc.machine -and $sc.machine.users -and -not $sc.machine.users.elevated)) { $m.users.elevated = $m.users.interactive }
        if (-not ($sc.machine -and $sc.machine.wsl -and $sc.machine.wsl.Contains('honoursUtf8'))) { $m.wsl.honoursUtf8 = ($m.wsl.kind -eq 'store') }
        if ($m.docker.installed -and -not $m.groups.Contains('docker-users')) { $m.groups['docker-users'] = @() }
        $m.docker.desktopRunning = [bool]($m.docker.desktopRunning -or $m.docker.engineRunning)
        $m.scenario = $sc.name
        $dir = New-TestDir
        $path = Join-Path $dir 'machine.json'
        [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $m -Depth 20), (New-Object System.Text.UTF8Encoding $false))
        $params = @{}
        if ($sc.Contains('options') -and $null -ne $sc.options) { foreach ($k in $sc.options.Keys) { if ($script:OptionKeys -contains $k) { $params[$k] = $sc.options[$k] } } }
        return @{ Machine = $path; Params = $params; Expected = $sc.expected }
    }

    function Invoke-Run {
        # One run of the wizard: returns @{ Outcome; Reboots; Code; Results }.
        param([string]$Machine, [hashtable]$Params)
        $reboots = 0
        $pendingBefore = @()
        for ($pass = 0; $pass -lt 5; $pass++) {
            $pendingNow = @()
            $restart = $false; $signOut = $false
            $results = @{}
            foreach ($s in $script:Order) {
                if ($restart -and $script:WaitsForRestart -contains $s) { continue }
                if ($signOut -and $s -eq 'engine-start') { Request-TestSignOut $Machine; $signOut = $false }
                $r = Invoke-TestStep -Step $s -Mode Set -Machine $Machine -Params $Params -Password 'puppet-Pw1'
                $results[$s] = $r.Result
                if ($r.Result.state -eq 'blocked') { return @{ Outcome = 'blocked'; Reboots = $reboots; Code = $r.Result.error.code; Results = $results } }
                if ($null -ne $r.Result.error) { return @{ Outcome = 'failed'; Reboots = $reboots; Code = $r.Result.error.code; Step = $s; Results = $results } }
                if ($r.Result.rebootRequired) {
                    # The engine's loop guard: the same step still waiting after a confirmed new boot.
                    if (($pendingBefore -contains $s -and $r.Result.state -eq 'pending-reboot') -or ($s -eq 'pending-restart' -and $pass -gt 0)) {
                        return @{ Outcome = 'failed'; Reboots = $reboots; Code = 'RESTART_DID_NOT_APPLY'; Step = $s; Results = $results }
                    }
                    $pendingNow += $s
                    $restart = $true; if ($s -eq 'pending-restart') { break }
                }
                if ($r.Result.signOutRequired) { $signOut = $true }
            }
            if (-not $restart) { return @{ Outcome = 'succeeded'; Reboots = $reboots; Code = $null; Results = $results } }
            Restart-TestMachine $Machine
            $reboots++
            $pendingBefore = $pendingNow
        }
        return @{ Outcome = 'reboot-required'; Reboots = $reboots; Code = $null; Results = $results }
    }
}

Describe 'a whole run of scenario <Name>' -ForEach $script:Scenarios {
    BeforeAll {
        $script:Setup = New-MachineFromScenario -File $File
        $script:Run = Invoke-Run -Machine $script:Setup.Machine -Params $script:Setup.Params
    }

    It 'ends with the outcome, restarts and diagnosis the scenario expects' {
        $e = $script:Setup.Expected
        $why = "code $($script:Run.Code) at $($script:Run.Step)"
        if ($e.Contains('diagnosis') -and $e.diagnosis -cmatch '^[a-z][a-z0-9-]*$') {
            # A troubleshooting catalog id: the engine maps a step's error code to it, or finds the
            # symptom in the validate facts (then every step itself succeeds).
            if ($script:Run.Outcome -eq 'succeeded') {
                $e.outcome | Should -Be 'failed' -Because $why
                $script:Run.Results['validate'].facts.commands | Should -Not -BeNullOrEmpty
            } else {
                $script:Run.Outcome | Should -Be $e.outcome -Because $why
                $script:Run.Code | Should -Not -BeNullOrEmpty
                if ($null -ne $script:Catalog) { Get-CatalogIds -Code $script:Run.Code | Should -Contain $e.diagnosis -Because "code $($script:Run.Code)" }
            }
            if ($null -ne $e.reboots) { $script:Run.Reboots | Should -Be $e.reboots }
            return
        }
        $script:Run.Outcome | Should -Be $e.outcome -Because $why
        if ($e.Contains('reboots') -and $null -ne $e.reboots) { $script:Run.Reboots | Should -Be $e.reboots }
        if ($e.Contains('diagnosis') -and $e.diagnosis) { $script:Run.Code | Should -Be $e.diagnosis }
    }

    It 'never does the same change twice, and a second run changes nothing' {
        $changes = @(Get-TestChanges $script:Setup.Machine)
        $keys = @($changes | ForEach-Object { "$($_.op) $($_.target)" } | Where-Object { $_ -notmatch '^(terminate-distro|start-process) ' })
        @($keys | Select-Object -Unique).Count | Should -Be $keys.Count
        if ($script:Run.Outcome -eq 'succeeded') {
            $again = Invoke-Run -Machine $script:Setup.Machine -Params $script:Setup.Params
            $again.Outcome | Should -Be 'succeeded'
            $again.Reboots | Should -Be 0
            foreach ($s in $script:Order) { $again.Results[$s].changed | Should -BeFalse -Because $s }
            @(Get-TestChanges $script:Setup.Machine).Count | Should -Be $changes.Count
            # And the machine is a Linux-container host: the validation's raw outputs say so.
            $c = $script:Run.Results['validate'].facts.commands
            $c.dockerRunUname.stdout.Trim() | Should -Be 'Linux'
            $c.wslListVerbose.stdout | Should -Match 'Ubuntu\s+\S+\s+2'
        }
    }
}
