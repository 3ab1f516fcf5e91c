# Every step, the same five promises: Test only looks (the change log proves it) on a machine where
# the step is not done and on one where it is; Set on a done machine changes nothing; Set applies and
# verifies, and a second Set changes nothing; and the script runs as a separate process exactly as
# the engine starts it.

BeforeDiscovery {
    $enabled = @{ 'Microsoft-Windows-Subsystem-Linux' = 'Enabled'; 'VirtualMachinePlatform' = 'Enabled' }
    $store = @{ kind = 'store'; defaultVersion = 2; honoursUtf8 = $true }
    $ubuntuRoot = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root'; passwordUsers = @() })
    $ubuntuDone = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet'); defaultUser = 'puppet'; passwordUsers = @('puppet') })
    $dockerGroups = @{ Administrators = @('DESKTOP-PUP\dev'); 'docker-users' = @('DESKTOP-PUP\dev') }
    $provisioned = @{ features = $enabled; wsl = $store; distros = $ubuntuDone; docker = @{ installed = $true; engineRunning = $true; desktopRunning = $true }; groups = $dockerGroups }
    $script:Cases = @(
        @{ Step = 'preflight'; Absent = @{ os = @{ build = 18363 } }; AbsentState = 'blocked'; Present = @{}; PresentState = 'present'; SetState = 'blocked'; SetExit = 1; SetChanged = $false; Params = @{} }
        @{ Step = 'pending-restart'; Absent = @{ pendingReboot = @{ cbs = $true } }; AbsentState = 'pending-reboot'; Present = @{}; PresentState = 'present'; SetState = 'pending-reboot'; SetExit = 3010; SetChanged = $false; Params = @{} }
        @{ Step = 'features'; Absent = @{}; AbsentState = 'absent'; Present = @{ features = $enabled }; PresentState = 'present'; SetState = 'pending-reboot'; SetExit = 3010; SetChanged = $true; Params = @{} }
        @{ Step = 'docker-desktop'; Absent = @{}; AbsentState = 'absent'; Present = @{ docker = @{ installed = $true }; groups = $dockerGroups }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{} }
        @{ Step = 'docker-users'; Absent = @{ docker = @{ installed = $true }; groups = @{ Administrators = @('DESKTOP-PUP\dev'); 'docker-users' = @() } }; AbsentState = 'absent'; Present = @{ docker = @{ installed = $true }; groups = $dockerGroups }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{} }
        @{ Step = 'firewall'; Absent = @{ docker = @{ installed = $true } }; AbsentState = 'absent'; Present = @{ firewallRules = @(@{ displayName = 'Pupperware Setup - Docker Desktop backend'; program = 'C:\Program Files\Docker\Docker\resources\com.docker.backend.exe'; direction = 'Inbound'; action = 'Allow' }) }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{ firewallRule = $true } }
        @{ Step = 'wsl-update'; Absent = @{ features = $enabled; wsl = @{ kind = 'inbox'; kernelVersion = '5.10.102.1' } }; AbsentState = 'absent'; Present = @{ features = $enabled; wsl = $store }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{} }
        @{ Step = 'wsl-default-version'; Absent = @{ features = $enabled; wsl = @{ kind = 'store'; defaultVersion = 1; honoursUtf8 = $true } }; AbsentState = 'absent'; Present = @{ features = $enabled; wsl = $store }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{} }
        @{ Step = 'distro'; Absent = @{ features = $enabled; wsl = $store }; AbsentState = 'absent'; Present = @{ features = $enabled; wsl = $store; distros = $ubuntuRoot }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{} }
        @{ Step = 'distro-user'; Absent = @{ features = $enabled; wsl = $store; distros = $ubuntuRoot }; AbsentState = 'absent'; Present = @{ features = $enabled; wsl = $store; distros = $ubuntuDone }; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{}; Password = 'Canary-Xq7-pw' }
        @{ Step = 'engine-start'; Absent = @{ features = $enabled; wsl = $store; distros = $ubuntuDone; docker = @{ installed = $true }; groups = $dockerGroups }; AbsentState = 'absent'; Present = $provisioned; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $true; Params = @{} }
        @{ Step = 'validate'; Absent = @{}; AbsentState = 'present'; Present = $provisioned; PresentState = 'present'; SetState = 'present'; SetExit = 0; SetChanged = $false; Params = @{} }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    function Invoke-CaseStep {
        param($Case, [string]$Mode, [string]$Machine, [switch]$Process)
        $call = @{ Step = $Case.Step; Mode = $Mode; Machine = $Machine; Params = $Case.Params; Process = $Process }
        if ($Case.Password) { $call['Password'] = $Case.Password }
        return (Invoke-TestStep @call)
    }
}

Describe 'step <Step>' -ForEach $script:Cases {
    BeforeAll { $script:Case = $_ }

    It 'Test on a machine where it is not done reports <AbsentState> and changes nothing' {
        $m = New-TestMachine -Overrides $script:Case.Absent
        $before = [System.IO.File]::ReadAllText($m)
        $r = Invoke-CaseStep $script:Case 'Test' $m
        $r.Result.state | Should -Be $script:Case.AbsentState
        $r.Result.changed | Should -BeFalse
        $r.Result.mode | Should -Be 'Test'
        $r.Changes.Count | Should -Be 0
        (Read-TestMachine $m | ConvertTo-Json -Depth 20) | Should -Be ($before | ConvertFrom-Json | ConvertTo-Json -Depth 20)
    }

    It 'Test on a machine where it is done reports <PresentState> and changes nothing' {
        $m = New-TestMachine -Overrides $script:Case.Present
        $r = Invoke-CaseStep $script:Case 'Test' $m
        $r.Result.state | Should -Be $script:Case.PresentState
        $r.Result.error | Should -BeNullOrEmpty
        $r.Result.changed | Should -BeFalse
        $r.Changes.Count | Should -Be 0
    }

    It 'Set on a machine where it is done changes nothing' {
        $m = New-TestMachine -Overrides $script:Case.Present
        $r = Invoke-CaseStep $script:Case 'Set' $m
        $r.Result.state | Should -Be $script:Case.PresentState
        $r.Result.changed | Should -BeFalse
        $r.Changes.Count | Should -Be 0
        $r.ExitCode | Should -Be $r.Result.exitCode
    }

    It 'Set on a machine where it is not done ends <SetState> (exit <SetExit>), and Set twice changes nothing the second time' {
        $m = New-TestMachine -Overrides $script:Case.Absent
        $first = Invoke-CaseStep $script:Case 'Set' $m
        $first.Result.state | Should -Be $script:Case.SetState
        $first.Result.exitCode | Should -Be $script:Case.SetExit
        $first.ExitCode | Should -Be $script:Case.SetExit
        $first.Result.changed | Should -Be $script:Case.SetChanged
        if ($script:Case.SetChanged) { $first.Changes.Count | Should -BeGreaterThan 0 } else { $first.Changes.Count | Should -Be 0 }
        $second = Invoke-CaseStep $script:Case 'Set' $m
        $second.Result.changed | Should -BeFalse
        $second.Changes.Count | Should -Be $first.Changes.Count
        $second.Result.state | Should -Be $script:Case.SetState
    }

    It 'runs as a separate process exactly as the engine starts it, writing a valid result' {
        $m = New-TestMachine -Overrides $script:Case.Absent
        $r = Invoke-CaseStep $script:Case 'Set' $m -Process
        $r.Result | Should -Not -BeNullOrEmpty
        $r.Result.schema | Should -Be 'pupperware-result/1'
        $r.Result.stepId | Should -Be $script:Case.Step
        foreach ($k in @('schema', 'stepId', 'mode', 'state', 'changed', 'rebootRequired', 'signOutRequired', 'exitCode', 'message', 'facts', 'error')) {
            $r.Result.PSObject.Properties.Name | Should -Contain $k
        }
        $r.Result.state | Should -Be $script:Case.SetState
        # A process exit code is 8 bits on Linux: 3010 arrives as 194.
        ($r.ExitCode -band 0xFF) | Should -Be ($r.Result.exitCode -band 0xFF)
        $r.Result.message | Should -Not -BeNullOrEmpty
        $r.Output | Should -Match ([regex]::Escape("[$($script:Case.Step)]"))
        $bytes = [System.IO.File]::ReadAllBytes($r.ResultPath)
        ($bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB) | Should -BeFalse -Because 'the result is UTF-8 without BOM'
        Test-Path -LiteralPath ($r.ResultPath + '.tmp*') | Should -BeFalse
    }
}
