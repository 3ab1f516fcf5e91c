# What each step does in the situations that matter: blocked machines, editions, the 0x800701bc path,
# installer faults, pending restarts, docker-users sessions, and the password that never leaks.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Enabled = @{ 'Microsoft-Windows-Subsystem-Linux' = 'Enabled'; 'VirtualMachinePlatform' = 'Enabled' }
    $script:Store = @{ kind = 'store'; defaultVersion = 2; honoursUtf8 = $true }
    $script:DockerGroups = @{ Administrators = @('DESKTOP-PUP\dev'); 'docker-users' = @('DESKTOP-PUP\dev') }
    function Get-Ops { param($Run) @($Run.Changes | ForEach-Object { $_.op }) }
}

Describe 'preflight' {
    It 'blocks build 18363 with BUILD_TOO_OLD before any change' {
        $m = New-TestMachine -Overrides @{ os = @{ build = 18363; ubr = 1556 } }
        $r = Invoke-TestStep -Step preflight -Mode Set -Machine $m
        $r.Result.state | Should -Be 'blocked'
        $r.Result.error.code | Should -Be 'BUILD_TOO_OLD'
        $r.Result.error.message | Should -Match 'Windows Update'
        $r.ExitCode | Should -Be 1
        $r.Changes.Count | Should -Be 0
    }

    It 'blocks a PC with virtualization off in the firmware with VIRTUALIZATION_DISABLED' {
        $m = New-TestMachine -Overrides @{ hardware = @{ virtualizationFirmwareEnabled = $false } }
        $r = Invoke-TestStep -Step preflight -Mode Test -Machine $m
        $r.Result.state | Should -Be 'blocked'
        $r.Result.error.code | Should -Be 'VIRTUALIZATION_DISABLED'
        $r.Result.error.message | Should -Match 'BIOS'
    }

    It 'passes virtualization when a hypervisor already runs (Win32_Processor then reports it off)' {
        $m = New-TestMachine -Overrides @{ hardware = @{ virtualizationFirmwareEnabled = $false; hypervisorPresent = $true } }
        (Invoke-TestStep -Step preflight -Mode Test -Machine $m).Result.state | Should -Be 'present'
    }

    It 'blocks an Azure VM without nested virtualization with NESTED_VIRTUALIZATION_MISSING' {
        $m = New-TestMachine -Overrides @{ hardware = @{ manufacturer = 'Microsoft Corporation'; model = 'Virtual Machine'; virtualizationFirmwareEnabled = $false; hypervisorPresent = $true; nestedVirtualization = $false } }
        $r = Invoke-TestStep -Step preflight -Mode Test -Machine $m
        $r.Result.state | Should -Be 'blocked'
        $r.Result.error.code | Should -Be 'NESTED_VIRTUALIZATION_MISSING'
        $r.Result.facts.isVirtualMachine | Should -BeTrue
    }

    It 'accepts a VM with nested virtualization' {
        $m = New-TestMachine -Overrides @{ hardware = @{ manufacturer = 'Microsoft Corporation'; model = 'Virtual Machine'; hypervisorPresent = $true; nestedVirtualization = $true } }
        (Invoke-TestStep -Step preflight -Mode Test -Machine $m).Result.state | Should -Be 'present'
    }

    It 'reports Hyper-V as not applicable on Home, without blocking' {
        $m = New-TestMachine -Overrides @{ os = @{ build = 22631; caption = 'Microsoft Windows 11 Home'; edition = 'Core' }; features = @{ 'Microsoft-Hyper-V' = $null } }
        $r = Invoke-TestStep -Step preflight -Mode Test -Machine $m
        $r.Result.state | Should -Be 'present'
        $r.Result.facts.hyperVApplicable | Should -BeFalse
        $r.Result.message | Should -Match 'Hyper-V'
        $check = @($r.Result.facts.checks | Where-Object { $_.id -eq 'hyperv' })[0]
        $check.status | Should -Be 'pass'
        $check.why | Should -Match 'Virtual Machine Platform'
    }

    It 'blocks <Code>' -ForEach @(
        @{ Code = 'NOT_ADMIN'; Over = @{ users = @{ isAdmin = $false } } }
        @{ Code = 'NOT_64BIT'; Over = @{ os = @{ is64Bit = $false } } }
        @{ Code = 'DISK_SPACE_LOW'; Over = @{ hardware = @{ freeDiskGB = 3 } } }
        @{ Code = 'MEMORY_TOO_LOW'; Over = @{ hardware = @{ memoryGB = 2 } } }
    ) {
        $r = Invoke-TestStep -Step preflight -Mode Test -Machine (New-TestMachine -Overrides $Over)
        $r.Result.state | Should -Be 'blocked'
        $r.Result.error.code | Should -Be $Code
        $r.Result.facts.blockers | Should -Contain $Code
    }

    It 'lists every blocker and gives the checks the System check page shows' {
        $r = Invoke-TestStep -Step preflight -Mode Test -Machine (New-TestMachine -Overrides @{ os = @{ build = 18363 }; hardware = @{ virtualizationFirmwareEnabled = $false } })
        $r.Result.facts.blockers | Should -Be @('BUILD_TOO_OLD', 'VIRTUALIZATION_DISABLED')
        foreach ($c in $r.Result.facts.checks) {
            $c.id | Should -Not -BeNullOrEmpty; $c.title | Should -Not -BeNullOrEmpty; @('pass', 'warn', 'fail') | Should -Contain $c.status
        }
        @($r.Result.facts.checks | Where-Object { $_.status -eq 'fail' } | ForEach-Object { $_.code }) | Should -Be @('BUILD_TOO_OLD', 'VIRTUALIZATION_DISABLED')
    }

    It 'warns when the elevated account is not the person at the console' {
        $m = New-TestMachine -Overrides @{ users = @{ elevated = 'DESKTOP-PUP\admin' } }
        $r = Invoke-TestStep -Step preflight -Mode Test -Machine $m
        $r.Result.state | Should -Be 'present'
        @($r.Result.facts.checks | Where-Object { $_.id -eq 'accounts' })[0].status | Should -Be 'warn'
    }
}

Describe 'pending-restart' {
    It 'reports <Flag> as a pending restart' -ForEach @(@{ Flag = 'cbs' }, @{ Flag = 'windowsUpdate' }, @{ Flag = 'computerRename' }) {
        $r = Invoke-TestStep -Step pending-restart -Mode Test -Machine (New-TestMachine -Overrides @{ pendingReboot = @{ $Flag = $true } })
        $r.Result.state | Should -Be 'pending-reboot'
        $r.Result.rebootRequired | Should -BeTrue
        $r.Result.exitCode | Should -Be 3010
        $r.Result.facts.$Flag | Should -BeTrue
    }

    It 'reports PendingFileRenameOperations but never blocks on it' {
        $r = Invoke-TestStep -Step pending-restart -Mode Test -Machine (New-TestMachine -Overrides @{ pendingReboot = @{ pendingFileRename = $true } })
        $r.Result.state | Should -Be 'present'
        $r.Result.rebootRequired | Should -BeFalse
        $r.Result.facts.pendingFileRename | Should -BeTrue
    }

    It 'records the boot time (the proof a restart happened)' {
        $r = Invoke-TestStep -Step pending-restart -Mode Test -Machine (New-TestMachine)
        [System.IO.File]::ReadAllText($r.ResultPath) | Should -Match '"lastBootTime":\s*"2026-11-30T08:00:00.000Z"'
    }
}

Describe 'features' {
    It 'turns on WSL and VMP with one enable each, and the restart makes them Enabled' {
        $m = New-TestMachine
        $r = Invoke-TestStep -Step features -Mode Set -Machine $m
        (Get-Ops $r) | Should -Be @('enable-feature', 'enable-feature')
        @($r.Changes | ForEach-Object { $_.target }) | Should -Be @('Microsoft-Windows-Subsystem-Linux', 'VirtualMachinePlatform')
        $r.Result.facts.'VirtualMachinePlatform' | Should -Be 'EnablePending'
        (Read-TestMachine $m).pendingReboot.cbs | Should -BeTrue
        Restart-TestMachine $m
        $after = Invoke-TestStep -Step features -Mode Set -Machine $m
        $after.Result.state | Should -Be 'present'
        $after.Result.changed | Should -BeFalse
        $after.Changes.Count | Should -Be 2
    }

    It 'treats EnablePending as done: never enables it again' {
        $m = New-TestMachine -Overrides @{ features = @{ 'Microsoft-Windows-Subsystem-Linux' = 'EnablePending'; 'VirtualMachinePlatform' = 'Disabled' } }
        $r = Invoke-TestStep -Step features -Mode Set -Machine $m
        @($r.Changes | ForEach-Object { $_.target }) | Should -Be @('VirtualMachinePlatform')
        $r.Result.state | Should -Be 'pending-reboot'
    }

    It 'skips Hyper-V on Home with a reason and still succeeds' {
        $m = New-TestMachine -Overrides @{ os = @{ edition = 'Core'; caption = 'Microsoft Windows 11 Home' }; features = @{ 'Microsoft-Hyper-V' = $null } }
        $r = Invoke-TestStep -Step features -Mode Set -Machine $m -Params @{ enableHyperV = $true }
        $r.Result.state | Should -Be 'pending-reboot'
        $r.Result.error | Should -BeNullOrEmpty
        @($r.Changes | ForEach-Object { $_.target }) | Should -Not -Contain 'Microsoft-Hyper-V'
        $r.Result.facts.skipped[0].name | Should -Be 'Microsoft-Hyper-V'
        $r.Result.facts.skipped[0].reason | Should -Match 'Virtual Machine Platform'
    }

    It 'enables Hyper-V too when asked on an edition that has it' {
        $r = Invoke-TestStep -Step features -Mode Set -Machine (New-TestMachine) -Params @{ enableHyperV = $true }
        @($r.Changes | ForEach-Object { $_.target }) | Should -Contain 'Microsoft-Hyper-V'
    }

    It 'never disables a feature the user has' {
        $m = New-TestMachine -Overrides @{ features = @{ 'Microsoft-Hyper-V' = 'Enabled' } }
        [void](Invoke-TestStep -Step features -Mode Set -Machine $m)
        (Read-TestMachine $m).features.'Microsoft-Hyper-V' | Should -Be 'Enabled'
    }

    It 'is blocked with FEATURE_UNKNOWN when Windows lacks Virtual Machine Platform (old build)' {
        $r = Invoke-TestStep -Step features -Mode Set -Machine (New-TestMachine -Overrides @{ features = @{ 'VirtualMachinePlatform' = $null } })
        $r.Result.state | Should -Be 'blocked'
        $r.Result.error.code | Should -Be 'FEATURE_UNKNOWN'
        $r.Changes.Count | Should -Be 0
    }

    It 'reports the code of a failing Enable-WindowsOptionalFeature' {
        $m = New-TestMachine -Overrides @{ faults = @(@{ command = 'enable-feature'; feature = 'VirtualMachinePlatform'; exitCode = -2146498530; output = 'Enable-WindowsOptionalFeature : The operation failed. Error: 0x800f0922' }) }
        $r = Invoke-TestStep -Step features -Mode Set -Machine $m
        $r.ExitCode | Should -Be 1
        $r.Result.error.code | Should -Be '0x800f0922'
        $r.Result.changed | Should -BeTrue
    }
}

Describe 'docker-desktop' {
    It 'installs Chocolatey first when it is missing, then docker-desktop with -y' {
        $m = New-TestMachine
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine $m -Params @{ dockerSource = 'choco' }
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('install-choco', 'install-docker-desktop')
        $r.Changes[1].target | Should -Be 'choco'
        $r.Output | Should -Match 'choco install -y docker-desktop'
        $r.Output | Should -Not -Match '--pre'
    }

    It 'installs with the direct installer (download + install --quiet --accept-license --backend=wsl-2 --always-run-service)' {
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine (New-TestMachine) -Params @{ dockerSource = 'direct' }
        $r.Result.state | Should -Be 'present'
        $r.Changes[0].target | Should -Be 'direct'
        $r.Output | Should -Match 'install --quiet --accept-license --backend=wsl-2 --always-run-service'
    }

    It 'fails with exit:1603 when the installer fails, and installs nothing' {
        $m = New-TestMachine -Overrides @{ faults = @(@{ command = 'docker-desktop-installer'; exitCode = 1603; output = 'Installation failed: One or more errors occurred.' }) }
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine $m -Params @{ dockerSource = 'direct' }
        $r.ExitCode | Should -Be 1
        $r.Result.state | Should -Be 'absent'
        $r.Result.error.code | Should -Be 'exit:1603'
        $r.Result.error.message | Should -Match '1603'
        $r.Changes.Count | Should -Be 0
        (Read-TestMachine $m).faultsFired.'0' | Should -Be 1
    }

    It 'counts a fault with times: 1, and the retry succeeds' {
        $m = New-TestMachine -Overrides @{ faults = @(@{ command = 'docker-desktop-installer'; exitCode = 1603; output = 'boom'; times = 1 }) }
        (Invoke-TestStep -Step docker-desktop -Mode Set -Machine $m -Params @{ dockerSource = 'winget' }).Result.error.code | Should -Be 'exit:1603'
        $retry = Invoke-TestStep -Step docker-desktop -Mode Set -Machine $m -Params @{ dockerSource = 'winget' }
        $retry.Result.state | Should -Be 'present'
        (Read-TestMachine $m).faultsFired.'0' | Should -Be 1
    }

    It 'converts winget''s unsigned 4294967291 into exit:-5' {
        $out = [System.IO.File]::ReadAllText((Join-Path (Get-FixturesDir) 'winget-install-docker.en.2-fail-exit-4294967291-4.15.txt'))
        $m = New-TestMachine -Overrides @{ faults = @(@{ command = 'winget'; exitCode = 4294967291; output = $out }) }
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine $m
        $r.Result.error.code | Should -Be 'exit:-5'
        $r.Result.facts.exitCode | Should -Be -5
    }

    It 'treats installer exit <Code> as success that needs a restart' -ForEach @(@{ Code = 3010 }, @{ Code = 1641 }) {
        $m = New-TestMachine -Overrides @{ faults = @(@{ command = 'docker-desktop-installer'; exitCode = $Code; output = 'restart needed' }) }
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine $m -Params @{ dockerSource = 'direct' }
        $r.Result.state | Should -Be 'present'
        $r.Result.rebootRequired | Should -BeTrue
        $r.Result.exitCode | Should -Be 3010
        $r.Result.facts.installerExitCode | Should -Be $Code
    }

    It 'fails with DOWNLOAD_FAILED without network' {
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine (New-TestMachine -Overrides @{ network = @{ downloads = 'fail' } }) -Params @{ dockerSource = 'direct' }
        $r.Result.error.code | Should -Be 'DOWNLOAD_FAILED'
    }

    It 'says so when winget is missing' {
        $r = Invoke-TestStep -Step docker-desktop -Mode Set -Machine (New-TestMachine -Overrides @{ packageManagers = @{ winget = $false } })
        $r.Result.error.code | Should -Be 'WINGET_MISSING'
        $r.Result.error.message | Should -Match 'choco|direct'
    }
}

Describe 'docker-users and the logon session' {
    It 'adds the interactive user and the service account, and asks for a sign-out' {
        $m = New-TestMachine -Overrides @{ docker = @{ installed = $true }; groups = @{ Administrators = @('DESKTOP-PUP\dev'); 'docker-users' = @() } }
        $r = Invoke-TestStep -Step docker-users -Mode Set -Machine $m -Params @{ serviceAccount = 'NT AUTHORITY\NETWORK SERVICE' }
        $r.Result.signOutRequired | Should -BeTrue
        @($r.Changes | ForEach-Object { $_.target }) | Should -Be @('docker-users/DESKTOP-PUP\dev', 'docker-users/NT AUTHORITY\NETWORK SERVICE')
        (Read-TestMachine $m).groups.'docker-users' | Should -Be @('DESKTOP-PUP\dev', 'NT AUTHORITY\NETWORK SERVICE')
    }

    It 'adds the interactive user from the parameters, not the elevating admin' {
        $m = New-TestMachine -Overrides @{ users = @{ elevated = 'DESKTOP-PUP\admin' }; docker = @{ installed = $true }; groups = @{ 'docker-users' = @() } }
        $r = Invoke-TestStep -Step docker-users -Mode Set -Machine $m
        $r.Changes[0].target | Should -Be 'docker-users/DESKTOP-PUP\dev'
    }

    It 'fails clearly when Docker Desktop (and so the group) is missing' {
        $r = Invoke-TestStep -Step docker-users -Mode Set -Machine (New-TestMachine)
        $r.Result.error.code | Should -Be 'DOCKER_USERS_GROUP_MISSING'
    }

    It 'the membership works only from the next logon session: the engine refuses until a sign-out' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; docker = @{ installed = $true }; groups = @{ 'docker-users' = @() } }
        [void](Invoke-TestStep -Step docker-users -Mode Set -Machine $m)
        $r = Invoke-TestStep -Step engine-start -Mode Set -Machine $m -Params @{ engineWaitSeconds = 30 }
        $r.Result.error.code | Should -Be 'DOCKER_USERS_GROUP'
        $r.Result.error.message | Should -Match 'Sign out'
        Request-TestSignOut $m
        $ok = Invoke-TestStep -Step engine-start -Mode Set -Machine $m -Params @{ engineWaitSeconds = 30 }
        $ok.Result.state | Should -Be 'present'
    }
}

Describe 'firewall' {
    It 'is not applicable unless the firewall option is on, in both modes' {
        foreach ($mode in @('Test', 'Set')) {
            $r = Invoke-TestStep -Step firewall -Mode $mode -Machine (New-TestMachine)
            $r.Result.state | Should -Be 'not-applicable'
            $r.Result.exitCode | Should -Be 0
            $r.Changes.Count | Should -Be 0
        }
    }

    It 'adds the inbound rule for com.docker.backend.exe' {
        $m = New-TestMachine -Overrides @{ docker = @{ installed = $true } }
        [void](Invoke-TestStep -Step firewall -Mode Set -Machine $m -Params @{ firewallRule = $true })
        $rule = (Read-TestMachine $m).firewallRules[0]
        $rule.program | Should -Be 'C:\Program Files\Docker\Docker\resources\com.docker.backend.exe'
        $rule.direction | Should -Be 'Inbound'
        $rule.action | Should -Be 'Allow'
    }
}

Describe 'wsl-update' {
    It 'replaces the inbox WSL (no --version) with the current package' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = $null } }
        $t = Invoke-TestStep -Step wsl-update -Mode Test -Machine $m
        $t.Result.facts.kind | Should -Be 'inbox'
        $r = Invoke-TestStep -Step wsl-update -Mode Set -Machine $m
        $r.Result.state | Should -Be 'present'
        $r.Result.facts.wslVersion | Should -Be '2.6.3.0'
        (Get-Ops $r) | Should -Be @('wsl-update')
    }

    It 'treats a Store WSL older than 2.1.5 as not done' {
        $r = Invoke-TestStep -Step wsl-update -Mode Test -Machine (New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'store'; version = '1.1.3.0' } })
        $r.Result.state | Should -Be 'absent'
        $r.Result.message | Should -Match '2\.1\.5'
    }

    It 'installs the seed''s kernel MSI when wslUpdateSource is kernel-msi' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = $null } }
        $r = Invoke-TestStep -Step wsl-update -Mode Set -Machine $m -Params @{ wslUpdateSource = 'kernel-msi' }
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('install-kernel-msi')
        $r.Result.facts.kernelVersion | Should -Be '5.10.16.3'
    }

    It 'fails with the code wsl --update printed' {
        $out = [System.IO.File]::ReadAllText((Join-Path (Get-FixturesDir) 'wsl-update.en.2-callmsi-e-abort.txt'))
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox' }; faults = @(@{ command = 'wsl-update'; exitCode = 1603; output = $out }) }
        $r = Invoke-TestStep -Step wsl-update -Mode Set -Machine $m
        $r.Result.error.code | Should -Be 'Wsl/CallMsi/E_ABORT'
        $r.Result.error.message | Should -Match 'C: drive'
    }

    It 'hangs on a hang fault until the engine kills it, leaving no result' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox' }; faults = @(@{ command = 'wsl-update'; hang = $true }) }
        $dir = Split-Path $m
        $params = New-TestParams -StepId 'wsl-update' -Dir $dir
        $result = Join-Path $dir 'hang.result.json'
        $psi = New-Object System.Diagnostics.ProcessStartInfo
        $psi.FileName = Get-TestPwsh
        $psi.Arguments = ('-NoProfile -NonInteractive -File "{0}" -Mode Set -ParamsPath "{1}" -ResultPath "{2}"' -f (Join-Path $script:StepsDir 'wsl-update.ps1'), $params, $result)
        $psi.UseShellExecute = $false; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
        $psi.EnvironmentVariables['PUPPERWARE_SIM_STATE'] = $m
        $p = [System.Diagnostics.Process]::Start($psi)
        # Wait until the step reached the hung `wsl --update` (the fault fired), then prove it stays there.
        $deadline = (Get-Date).AddSeconds(60)
        while ((Get-Date) -lt $deadline -and -not $p.HasExited -and -not (Read-TestMachine $m).faultsFired.'0') { Start-Sleep -Milliseconds 200 }
        (Read-TestMachine $m).faultsFired.'0' | Should -Be 1
        $p.WaitForExit(1500) | Should -BeFalse -Because 'the step must still be hanging'
        # The pwsh launcher may run PowerShell as its child: end the whole tree (.NET Framework has no tree kill).
        try { $p.Kill($true) } catch { $p.Kill() }
        $p.WaitForExit()
        Test-Path -LiteralPath $result | Should -BeFalse
    }
}

Describe 'wsl-default-version and the 0x800701bc path' {
    It 'fails with 0x800701bc on the inbox WSL without its kernel' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = $null; defaultVersion = 1 } }
        $r = Invoke-TestStep -Step wsl-default-version -Mode Set -Machine $m
        $r.Result.error.code | Should -Be '0x800701bc'
        $r.Result.error.message | Should -Match 'wsl --update'
        $r.Changes.Count | Should -Be 0
    }

    It 'fails converting a WSL 1 distro with 0x800701bc on the inbox WSL without its kernel' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = $null; defaultVersion = 1 } }
        $r = Invoke-TestStep -Step distro -Mode Set -Machine $m
        (Get-Ops $r) | Should -Be @('install-distro', 'register-distro')
        $r.Result.error.code | Should -Be '0x800701bc'
    }

    It 'reads the translated default version on <Locale>' -ForEach @(@{ Locale = 'fr-FR' }, @{ Locale = 'de-DE' }) {
        $m = New-TestMachine -Overrides @{ os = @{ locale = $Locale }; features = $script:Enabled; wsl = @{ kind = 'store'; defaultVersion = 2; honoursUtf8 = $true }; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root' }) }
        $r = Invoke-TestStep -Step wsl-default-version -Mode Test -Machine $m
        $r.Result.state | Should -Be 'present'
        $r.Result.facts.defaultVersion | Should -Be 2
    }

    It 'fails with the optional-component code while the WSL feature is only EnablePending' {
        $m = New-TestMachine -Overrides @{ features = @{ 'Microsoft-Windows-Subsystem-Linux' = 'EnablePending'; 'VirtualMachinePlatform' = 'EnablePending' }; wsl = @{ kind = 'inbox' } }
        $r = Invoke-TestStep -Step wsl-default-version -Mode Test -Machine $m
        $r.Result.error.code | Should -Be '0x8007019e'
        $r.Result.error.message | Should -Match 'Restart'
    }
}

Describe 'distro' {
    It 'installs, registers with the launcher (no prompt), and converts a WSL 1 registration to 2' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'store'; defaultVersion = 1; honoursUtf8 = $true } }
        $r = Invoke-TestStep -Step distro -Mode Set -Machine $m
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('install-distro', 'register-distro', 'set-version')
        $r.Output | Should -Match 'wsl --install -d Ubuntu --no-launch'
        $r.Output | Should -Match 'Ubuntu install --root'
    }

    It 'fails with HCS_E_HYPERV_NOT_INSTALLED or 0x80370102 when virtualization is off' {
        $m = New-TestMachine -Overrides @{ hardware = @{ virtualizationFirmwareEnabled = $false }; features = $script:Enabled; wsl = $script:Store }
        $r = Invoke-TestStep -Step distro -Mode Set -Machine $m
        @('HCS_E_HYPERV_NOT_INSTALLED', '0x80370102') | Should -Contain $r.Result.error.code
    }

    It 'fails with WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED while Virtual Machine Platform is EnablePending' {
        $m = New-TestMachine -Overrides @{ features = @{ 'Microsoft-Windows-Subsystem-Linux' = 'Enabled'; 'VirtualMachinePlatform' = 'EnablePending' }; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 1; users = @('root'); defaultUser = 'root' }) }
        $r = Invoke-TestStep -Step distro -Mode Set -Machine $m
        $r.Result.error.code | Should -Be 'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED'
    }

    It 'reports an unknown distribution name' {
        $r = Invoke-TestStep -Step distro -Mode Set -Machine (New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store }) -Params @{ distro = 'Arch' }
        $r.Result.error.code | Should -Be 'WSL_E_DISTRO_NOT_FOUND'
    }
}

Describe 'distro-user and the password' {
    BeforeAll { $script:Canary = 'Pw-CANARY-7f3e9a!' }

    It 'creates the user with useradd, chpasswd on stdin, wsl.conf default and terminate; the password appears nowhere' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root'; wslConf = "[boot]`nsystemd=true`n" }) }
        $r = Invoke-TestStep -Step distro-user -Mode Set -Machine $m -Password $script:Canary -Process
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('create-user', 'set-password', 'set-default-user', 'terminate-distro')
        $machine = Read-TestMachine $m
        $machine.distros[0].passwordUsers | Should -Be @('puppet')
        $machine.distros[0].wslConf | Should -Be "[boot]`nsystemd=true`n`n[user]`ndefault=puppet`n"
        foreach ($f in (Get-ChildItem -LiteralPath (Split-Path $m) -File)) {
            [System.IO.File]::ReadAllText($f.FullName) | Should -Not -Match ([regex]::Escape($script:Canary)) -Because $f.Name
        }
        $r.Output | Should -Not -Match ([regex]::Escape($script:Canary))
        $env:PUPPERWARE_SETUP_PASSWORD | Should -BeNullOrEmpty
    }

    It 'clears the variable in its own process before doing anything' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root' }) }
        $env:PUPPERWARE_SETUP_PASSWORD = $script:Canary
        try {
            & (Join-Path $script:StepsDir 'distro-user.ps1') -Mode Test -ParamsPath (New-TestParams -StepId 'distro-user' -Dir (Split-Path $m)) -ResultPath (Join-Path (Split-Path $m) 'r.json') 6>$null | Out-Null
        } finally { $env:PUPPERWARE_SIM_STATE = $null }
        $env:PUPPERWARE_SETUP_PASSWORD | Should -BeNullOrEmpty
    }

    It 'fails clearly with PASSWORD_MISSING and changes nothing when no password was passed' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root' }) }
        $r = Invoke-TestStep -Step distro-user -Mode Set -Machine $m
        $r.Result.error.code | Should -Be 'PASSWORD_MISSING'
        $r.Result.error.message | Should -Match 'password'
        $r.ExitCode | Should -Be 1
        $r.Changes.Count | Should -Be 0
    }

    It 'only fixes the default user (no password needed) when the user already exists with a password' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet'); passwordUsers = @('puppet'); defaultUser = 'root' }) }
        $r = Invoke-TestStep -Step distro-user -Mode Set -Machine $m
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('set-default-user', 'terminate-distro')
    }

    It 'a user left without a password (a run killed between useradd and chpasswd) is not done, and gets only its password' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet'); defaultUser = 'root' }) }
        $t = Invoke-TestStep -Step distro-user -Mode Test -Machine $m
        $t.Result.state | Should -Be 'absent'
        $t.Result.message | Should -Match 'no password'
        $r = Invoke-TestStep -Step distro-user -Mode Set -Machine $m -Password $script:Canary
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('set-password', 'set-default-user', 'terminate-distro')
        (Read-TestMachine $m).distros[0].passwordUsers | Should -Be @('puppet')
    }

    It 'reads the passwd -S status field' -ForEach @(
        @{ Text = "puppet P 11/30/2026 0 99999 7 -1`n"; Expected = 'P' },
        @{ Text = "puppet L 11/30/2026 0 99999 7 -1`n"; Expected = 'L' },
        @{ Text = "puppet NP 11/30/2026 0 99999 7 -1`n"; Expected = 'NP' },
        @{ Text = "puppet PS 2026-11-30 0 99999 7 -1 (Password set, SHA512 crypt.)`n"; Expected = 'P' },
        @{ Text = ''; Expected = $null }
    ) {
        Import-PupModuleForTest
        Get-PupPasswordStatus -Text $Text | Should -Be $Expected
    }

    It 'fails with DISTRO_MISSING when the distro is not installed' {
        $r = Invoke-TestStep -Step distro-user -Mode Set -Machine (New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store }) -Password $script:Canary
        $r.Result.error.code | Should -Be 'DISTRO_MISSING'
    }

    It 'rejects a distroUser that does not match the pattern, and root' -ForEach @(@{ User = 'Root' }, @{ User = 'root' }, @{ User = 'a b' }, @{ User = '1abc' }) {
        $r = Invoke-TestStep -Step distro-user -Mode Test -Machine (New-TestMachine) -Params @{ distroUser = $User }
        $r.Result.error.code | Should -Be 'PARAMS_INVALID'
        $r.Result.error.message | Should -Match 'distroUser'
    }
}

Describe 'engine-start' {
    It 'starts Docker Desktop and polls on the simulated clock until the engine answers' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; docker = @{ installed = $true; engineStartSeconds = 20 }; groups = $script:DockerGroups }
        $r = Invoke-TestStep -Step engine-start -Mode Set -Machine $m
        $r.Result.state | Should -Be 'present'
        (Get-Ops $r) | Should -Be @('start-process')
        $r.Result.facts.waitedSeconds | Should -BeGreaterOrEqual 20
        (Read-TestMachine $m).clock.seconds | Should -BeGreaterOrEqual 20
        (Read-TestMachine $m).docker.engineRunning | Should -BeTrue
    }

    It 'ends with TIMEOUT when the engine does not answer within engineWaitSeconds' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; docker = @{ installed = $true; engineStartSeconds = 500 }; groups = $script:DockerGroups }
        $r = Invoke-TestStep -Step engine-start -Mode Set -Machine $m -Params @{ engineWaitSeconds = 30 }
        $r.Result.error.code | Should -Be 'TIMEOUT'
        $r.Result.error.message | Should -Match '30 seconds'
        (Read-TestMachine $m).clock.seconds | Should -BeLessThan 40
    }

    It 'never gets an engine on the inbox WSL (Docker Desktop needs WSL 2.1.5+)' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = @{ kind = 'inbox' }; docker = @{ installed = $true }; groups = $script:DockerGroups }
        (Invoke-TestStep -Step engine-start -Mode Set -Machine $m -Params @{ engineWaitSeconds = 15 }).Result.error.code | Should -Be 'TIMEOUT'
    }

    It 'fails with DOCKER_NOT_INSTALLED without Docker Desktop' {
        (Invoke-TestStep -Step engine-start -Mode Set -Machine (New-TestMachine)).Result.error.code | Should -Be 'DOCKER_NOT_INSTALLED'
    }

    It 'answers at once after a restart when Docker Desktop auto-started long enough ago' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; docker = @{ installed = $true; engineRunning = $true; desktopRunning = $true }; groups = $script:DockerGroups }
        Restart-TestMachine $m
        Update-TestMachine -Path $m -Script { param($x) $x.clock.seconds = $x.clock.seconds + 30 }
        $r = Invoke-TestStep -Step engine-start -Mode Set -Machine $m
        $r.Result.state | Should -Be 'present'
        $r.Result.changed | Should -BeFalse
    }
}

Describe 'validate' {
    It 'collects every output the validation reads, with decoded text' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet'); defaultUser = 'puppet' }); docker = @{ installed = $true; engineRunning = $true; desktopRunning = $true }; groups = $script:DockerGroups; firewallRules = @(@{ displayName = 'Pupperware Setup - Docker Desktop backend'; program = 'x'; direction = 'Inbound'; action = 'Allow' }) }
        $r = Invoke-TestStep -Step validate -Mode Test -Machine $m
        $c = $r.Result.facts.commands
        foreach ($k in @('wslListVerbose', 'wslStatus', 'wslVersion', 'dockerVersionJson', 'dockerVersion', 'dockerInfoJson', 'dockerInfo', 'dockerCompose', 'dockerComposeV1', 'dockerRunUname')) {
            $c.$k.exitCode | Should -Be 0 -Because $k
            $c.$k.PSObject.Properties.Name | Should -Contain 'stdout'
            $c.$k.PSObject.Properties.Name | Should -Contain 'stderr'
        }
        $c.wslListVerbose.stdout | Should -Match '\* Ubuntu\s+Stopped\s+2'
        ($c.dockerInfoJson.stdout | ConvertFrom-Json).OSType | Should -Be 'linux'
        ($c.dockerInfoJson.stdout | ConvertFrom-Json).KernelVersion | Should -Match 'microsoft-standard-WSL2'
        ($c.dockerVersionJson.stdout | ConvertFrom-Json).Server.Os | Should -Be 'linux'
        $c.dockerRunUname.stdout.Trim() | Should -Be 'Linux'
        $c.dockerCompose.stdout | Should -Match '^Docker Compose version v2'
        $r.Result.facts.build | Should -Be 19041
        $r.Result.facts.features.'VirtualMachinePlatform' | Should -Be 'Enabled'
        $r.Result.facts.dockerUsers | Should -Contain 'DESKTOP-PUP\dev'
        $r.Result.facts.firewallRule | Should -BeTrue
        $r.Result.facts.distroDefaultUser | Should -Be 'puppet'
        $r.Changes.Count | Should -Be 0
    }

    It 'still reports a half-broken machine (nothing installed) as collected' {
        $r = Invoke-TestStep -Step validate -Mode Set -Machine (New-TestMachine)
        $r.Result.state | Should -Be 'present'
        $r.Result.facts.commands.dockerInfo.exitCode | Should -Be 9009
        $r.Result.facts.commands.dockerInfo.stderr | Should -Match "'docker' is not recognized"
        $r.Result.facts.commands.wslListVerbose.exitCode | Should -Not -Be 0
        $r.Result.facts.firewallRule | Should -BeFalse
        $r.Result.facts.distroDefaultUser | Should -BeNullOrEmpty
    }

    It 'shows the engine-not-running text when Docker Desktop is stopped' {
        $m = New-TestMachine -Overrides @{ features = $script:Enabled; wsl = $script:Store; docker = @{ installed = $true }; groups = $script:DockerGroups }
        $c = (Invoke-TestStep -Step validate -Mode Test -Machine $m).Result.facts.commands
        $c.dockerVersion.exitCode | Should -Be 1
        $c.dockerVersion.stdout | Should -Match '^Client:'
        $c.dockerVersion.stderr | Should -Match 'open //\./pipe/dockerDesktopLinuxEngine: The system cannot find the file specified\.'
        $c.dockerComposeV1.stdout | Should -Match 'Docker Compose version'
    }
}
