# The simulated host: outputs shaped like the real captures, the state file and its change log,
# faults, the simulated clock, and secrets that never reach the state.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    [void](Import-PupModuleForTest)
    $script:Fixtures = Get-FixturesDir
    function Use-Machine { param([hashtable]$Overrides = @{}) $m = New-TestMachine -Overrides $Overrides; $env:PUPPERWARE_SIM_STATE = $m; return $m }
    function Test-HasNul { param([byte[]]$Bytes) return ([Array]::IndexOf($Bytes, [byte]0) -ge 0) }
    $script:Enabled = @{ 'Microsoft-Windows-Subsystem-Linux' = 'Enabled'; 'VirtualMachinePlatform' = 'Enabled' }
}

AfterAll { $env:PUPPERWARE_SIM_STATE = $null }

Describe 'wsl.exe encoding' {
    It 'writes UTF-16LE without BOM by default, with CR LF line ends' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store'; honoursUtf8 = $true }; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root' }) })
        $r = Invoke-PupNative -Command wsl -Arguments @('-l', '-v')
        Test-HasNul $r.StdoutBytes | Should -BeTrue
        ($r.StdoutBytes[0] -eq 0xFF -and $r.StdoutBytes[1] -eq 0xFE) | Should -BeFalse
        [System.Text.Encoding]::Unicode.GetString($r.StdoutBytes) | Should -Match "VERSION`r`n\* Ubuntu\s+Stopped\s+2`r`n$"
    }

    It 'writes UTF-8 when WSL_UTF8=1 and this wsl.exe honours it' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store'; honoursUtf8 = $true }; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root'); defaultUser = 'root' }) })
        $r = Invoke-PupNative -Command wsl -Arguments @('-l', '-v') -Environment @{ WSL_UTF8 = '1' }
        Test-HasNul $r.StdoutBytes | Should -BeFalse
    }

    It 'ignores WSL_UTF8 on the inbox wsl.exe' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; honoursUtf8 = $false } })
        Test-HasNul (Invoke-PupNative -Command wsl -Arguments @('--status') -Environment @{ WSL_UTF8 = '1' }).StdoutBytes | Should -BeTrue
    }

    It 'ends the lines of multi-line messages in CR CR LF, like the real wsl --help' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' } })
        $r = Invoke-PupNative -Command wsl -Arguments @('--set-default-version', '2')
        [System.Text.Encoding]::Unicode.GetString($r.StdoutBytes) | Should -Match "wsl2`r`r`nThe operation completed successfully\.`r`n$"
    }

    It 'gives a table the shared parser reads, with the default marker and column padding of the real one' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; distros = @(@{ name = 'Ubuntu'; version = 2 }, @{ name = 'Legacy'; version = 1 }) })
        $t = Invoke-PupTool -Command wsl -Arguments @('-l', '-v')
        $t.Stdout | Should -Match '^  NAME      STATE           VERSION\n\* Ubuntu    Stopped         2\n  Legacy    Stopped         1\n$'
        (ConvertFrom-PupWslList -Text $t.Stdout).Distros.Count | Should -Be 2
    }
}

Describe 'wsl.exe behaviour' {
    It 'answers --version like the real inbox wsl.exe: "Invalid command line option" and usage' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'inbox' } })
        $t = Invoke-PupTool -Command wsl -Arguments @('--version')
        $t.ExitCode | Should -Be -1
        $t.Text | Should -Match '^Invalid command line option: --version\nCopyright \(c\) Microsoft Corporation\. All rights reserved\.\n\nUsage: wsl\.exe \[Argument\] \[Options\.\.\.\] \[CommandLine\]'
    }

    It 'answers --version of the Store WSL with the 7 lines of the real one' {
        [void](Use-Machine @{ wsl = @{ kind = 'store'; version = '2.6.3.0'; kernelVersion = '6.6.87.2-1' } })
        $t = Invoke-PupTool -Command wsl -Arguments @('--version')
        @($t.Stdout.TrimEnd("`n") -split "`n").Count | Should -Be 7
        $t.Stdout | Should -Match '^WSL version: 2\.6\.3\.0\nKernel version: 6\.6\.87\.2-1\nWSLg version: '
    }

    It 'translates --status on fr-FR with U+00A0 before the colon' {
        [void](Use-Machine @{ os = @{ locale = 'fr-FR' }; wsl = @{ kind = 'store'; defaultVersion = 2 } })
        $t = Invoke-PupTool -Command wsl -Arguments @('--status')
        $t.Stdout | Should -Be ('Version par d' + [char]0xE9 + 'faut' + [char]0xA0 + ": 2`n")
    }

    It 'translates --status on de-DE' {
        [void](Use-Machine @{ os = @{ locale = 'de-DE' }; wsl = @{ kind = 'store'; defaultVersion = 1 }; distros = @(@{ name = 'Debian'; version = 2 }) })
        (Invoke-PupTool -Command wsl -Arguments @('--status')).Stdout | Should -Be "Standarddistribution: Debian`nStandardversion: 1`n"
    }

    It 'shows the inbox --status with the kernel-missing line when the kernel is missing' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = $null } })
        (Invoke-PupTool -Command wsl -Arguments @('--status')).Stdout | Should -Match "The WSL 2 kernel file is not found\. To update or restore the kernel please run 'wsl --update'\."
    }

    It 'fails WSL 2 work with 0x800701bc when the inbox WSL has no kernel' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = $null }; distros = @(@{ name = 'Ubuntu'; version = 1 }) })
        (Invoke-PupTool -Command wsl -Arguments @('--set-version', 'Ubuntu', '2')).ErrorCode | Should -Be '0x800701bc'
        (Invoke-PupTool -Command wsl -Arguments @('--set-default-version', '2')).ErrorCode | Should -Be '0x800701bc'
    }

    It 'fails WSL 2 work with HCS_E_HYPERV_NOT_INSTALLED when <Why>' -ForEach @(
        @{ Why = 'virtualization is off'; Over = @{ hardware = @{ virtualizationFirmwareEnabled = $false } } }
        @{ Why = 'a VM lacks nested virtualization'; Over = @{ hardware = @{ manufacturer = 'Microsoft Corporation'; model = 'Virtual Machine'; nestedVirtualization = $false; hypervisorPresent = $true } } }
    ) {
        $o = @{ features = $script:Enabled; wsl = @{ kind = 'store' }; distros = @(@{ name = 'Ubuntu'; version = 2 }) }
        foreach ($k in $Over.Keys) { $o[$k] = $Over[$k] }
        [void](Use-Machine $o)
        $t = Invoke-PupTool -Command wsl -Arguments @('-d', 'Ubuntu', '-u', 'root', '--', 'id', '-u', 'root')
        $t.ErrorCode | Should -Be 'HCS_E_HYPERV_NOT_INSTALLED'
        $t.Text | Should -Match 'WSL2 is not supported with your current machine configuration'
    }

    It 'fails with 0x80370102 on the inbox WSL when virtualization is off' {
        [void](Use-Machine @{ hardware = @{ virtualizationFirmwareEnabled = $false }; features = $script:Enabled; wsl = @{ kind = 'inbox'; kernelVersion = '5.10.102.1' }; distros = @(@{ name = 'Ubuntu'; version = 1 }) })
        (Invoke-PupTool -Command wsl -Arguments @('--set-version', 'Ubuntu', '2')).ErrorCode | Should -Be '0x80370102'
    }

    It 'fails with WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED (store) or 0x8007019e (inbox) while a feature is only EnablePending' {
        [void](Use-Machine @{ features = @{ 'Microsoft-Windows-Subsystem-Linux' = 'Enabled'; 'VirtualMachinePlatform' = 'EnablePending' }; wsl = @{ kind = 'store' }; distros = @(@{ name = 'Ubuntu'; version = 2 }) })
        (Invoke-PupTool -Command wsl -Arguments @('-d', 'Ubuntu', '--', 'true')).ErrorCode | Should -Be 'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED'
        [void](Use-Machine @{ features = @{ 'Microsoft-Windows-Subsystem-Linux' = 'EnablePending' }; wsl = @{ kind = 'inbox' } })
        (Invoke-PupTool -Command wsl -Arguments @('-l', '-v')).ErrorCode | Should -Be '0x8007019e'
    }

    It 'says "already exists" like the real wsl --install for a registered distro' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; distros = @(@{ name = 'Ubuntu'; version = 2 }) })
        (Invoke-PupTool -Command wsl -Arguments @('--install', '-d', 'Ubuntu', '--no-launch')).ErrorCode | Should -Be 'Wsl/InstallDistro/Service/RegisterDistro/ERROR_ALREADY_EXISTS'
    }

    It 'turns the features on with wsl --install and exits 0 although a restart is needed' {
        $m = Use-Machine @{}
        $t = Invoke-PupTool -Command wsl -Arguments @('--install', '--no-distribution')
        $t.ExitCode | Should -Be 0
        $t.Stdout | Should -Match 'Changes will not be effective until the system is rebooted'
        (Read-TestMachine $m).features.'VirtualMachinePlatform' | Should -Be 'EnablePending'
    }

    It 'answers Linux commands in UTF-8 with LF' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet') }) })
        $r = Invoke-PupNative -Command wsl -Arguments @('-d', 'Ubuntu', '-u', 'root', '--', 'id', '-u', 'puppet')
        [System.Text.Encoding]::UTF8.GetString($r.StdoutBytes) | Should -Be "1000`n"
        (Invoke-PupTool -Command wsl -Arguments @('-d', 'Ubuntu', '-u', 'root', '--', 'id', '-u', 'nobody')).Stderr | Should -Be "id: 'nobody': no such user`n"
    }
}

Describe 'the docker CLI' {
    It 'prints the engine-not-running error of the real docker version when the engine is down' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; docker = @{ installed = $true }; groups = @{ 'docker-users' = @('DESKTOP-PUP\dev') } })
        $t = Invoke-PupTool -Command docker -Arguments @('version')
        $fixture = [System.IO.File]::ReadAllText((Join-Path $script:Fixtures 'docker-version.dd-wsl2.en.3-engine-not-running-4.49.txt'))
        $t.ExitCode | Should -Be 1
        $expected = ((($fixture -split "`n")[0..7]) -join "`n") + "`n"
        $t.Stdout | Should -Be $expected
        $t.Stderr.TrimEnd() | Should -Be (($fixture -split "`n")[8]).TrimEnd()
    }

    It 'prints the docker-users error while the user is not a member in this logon session' {
        $m = Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; docker = @{ installed = $true; engineRunning = $true; desktopRunning = $true }; groups = @{ 'docker-users' = @() } }
        Add-PupLocalGroupMember -Group 'docker-users' -Member 'DESKTOP-PUP\dev'
        $t = Invoke-PupTool -Command docker -Arguments @('info')
        $t.ExitCode | Should -Be 1
        $t.ErrorCode | Should -Be 'DOCKER_USERS_GROUP'
        $t.Stderr | Should -Match "docker-users"
        Request-TestSignOut $m
        (Invoke-PupTool -Command docker -Arguments @('info')).ExitCode | Should -Be 0
    }

    It 'answers docker info once the simulated clock passed start + engineStartSeconds' {
        $m = Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; docker = @{ installed = $true; engineStartSeconds = 20 }; groups = @{ 'docker-users' = @('DESKTOP-PUP\dev') } }
        Start-PupProcess -Path 'C:\Program Files\Docker\Docker\Docker Desktop.exe'
        (Invoke-PupTool -Command docker -Arguments @('info')).ExitCode | Should -Be 1
        Wait-PupInterval -Seconds 19
        (Invoke-PupTool -Command docker -Arguments @('info')).ExitCode | Should -Be 1
        Wait-PupInterval -Seconds 1
        (Invoke-PupTool -Command docker -Arguments @('info')).ExitCode | Should -Be 0
        (Read-TestMachine $m).clock.seconds | Should -Be 20
    }

    It 'prints JSON shaped like docker info --format "{{json .}}" of Docker Desktop on WSL 2' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store'; kernelVersion = '6.6.87.2-1' }; docker = @{ installed = $true; engineRunning = $true }; groups = @{ 'docker-users' = @('DESKTOP-PUP\dev') } })
        $j = (Invoke-PupTool -Command docker -Arguments @('info', '--format', '{{json .}}')).Stdout | ConvertFrom-Json
        $real = [System.IO.File]::ReadAllText((Join-Path $script:Fixtures 'docker-info-json.dd-hyperv-2020.en.1-minikube-windows_docker.json')) | ConvertFrom-Json
        foreach ($k in @('ServerVersion', 'OSType', 'KernelVersion', 'OperatingSystem', 'Name', 'NCPU', 'MemTotal')) { $real.PSObject.Properties.Name | Should -Contain $k; $j.PSObject.Properties.Name | Should -Contain $k }
        $j.KernelVersion | Should -Be '6.6.87.2-microsoft-standard-WSL2'
        $j.OperatingSystem | Should -Be 'Docker Desktop'
    }

    It 'reports compose v1 and a missing compose plugin like the real CLI' {
        [void](Use-Machine @{ docker = @{ installed = $true; compose = 'v1' } })
        (Invoke-PupTool -Command docker -Arguments @('compose', 'version')).Stderr | Should -Match "^docker: 'compose' is not a docker command\."
        (Invoke-PupTool -Command docker-compose -Arguments @('version')).Stdout | Should -Match '^docker-compose version 1\.29\.2, build 5becea4c'
    }

    It 'is not found (9009) before Docker Desktop is installed' {
        [void](Use-Machine @{})
        (Invoke-PupTool -Command docker -Arguments @('info')).ExitCode | Should -Be 9009
    }
}

Describe 'the state file' {
    It 'fills in documented defaults for keys a state file leaves out' {
        $d = New-TestDir
        $m = Join-Path $d 'minimal.json'
        [System.IO.File]::WriteAllText($m, '{ "schema": "pupperware-sim-state/1", "os": { "build": 22631 } }')
        $env:PUPPERWARE_SIM_STATE = $m
        (Get-PupOsInfo).Build | Should -Be 22631
        (Get-PupOsInfo).Caption | Should -Be 'Microsoft Windows 10 Pro'
        Get-PupFeatureState -Name 'VirtualMachinePlatform' | Should -Be 'Disabled'
        (Get-PupHardwareInfo).MemoryGB | Should -Be 16
        Get-PupLogonSession | Should -Be 1
        [void](Enable-PupFeature -Name 'VirtualMachinePlatform')
        $s = Read-TestMachine $m
        $s.changes[0].op | Should -Be 'enable-feature'
        $s.clock.seconds | Should -Be 0
    }

    It 'numbers changes in order and records the boot they happened in' {
        $m = Use-Machine @{ boot = @{ bootTime = '2026-11-30T08:00:00.000Z'; bootCount = 3; logonSession = 4 } }
        [void](Enable-PupFeature -Name 'VirtualMachinePlatform')
        New-PupFirewallRule -DisplayName 'r' -Direction Inbound -Program 'p.exe' -Action Allow
        $c = @((Read-TestMachine $m).changes)
        $c[0].seq | Should -Be 1; $c[1].seq | Should -Be 2
        $c[1].op | Should -Be 'new-firewall-rule'
        $c[0].boot | Should -Be 3
    }

    It 'returns $null for an unknown feature and throws the real error text when enabling it' {
        [void](Use-Machine @{ features = @{ 'Microsoft-Hyper-V' = $null } })
        Get-PupFeatureState -Name 'Microsoft-Hyper-V' | Should -BeNullOrEmpty
        { Enable-PupFeature -Name 'Microsoft-Hyper-V' } | Should -Throw '*Feature name Microsoft-Hyper-V is unknown.*'
    }

    It 'registers and removes the logon task as the engine''s restart expects it' {
        $m = Use-Machine @{}
        Register-PupScheduledTask -Name 'PupperwareSetupResume' -User 'DESKTOP-PUP\dev' -Execute 'C:\Program Files\Pupperware Setup\Pupperware Setup.exe' -Arguments '--resume'
        $t = Get-PupScheduledTask -Name 'PupperwareSetupResume'
        $t.RunLevel | Should -Be 'Highest'; $t.Trigger | Should -Be 'logon'; $t.AllowOnBatteries | Should -BeTrue
        (Read-TestMachine $m).scheduledTasks[0].user | Should -Be 'DESKTOP-PUP\dev'
        Unregister-PupScheduledTask -Name 'PupperwareSetupResume'
        Get-PupScheduledTask -Name 'PupperwareSetupResume' | Should -BeNullOrEmpty
        @((Read-TestMachine $m).changes | ForEach-Object { $_.op }) | Should -Be @('register-task', 'unregister-task')
    }

    It 'keeps only the fact that a password was set, never the password' {
        $m = Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'store' }; distros = @(@{ name = 'Ubuntu'; version = 2; users = @('root', 'puppet') }) }
        $r = Invoke-PupNative -Command wsl -Arguments @('-d', 'Ubuntu', '-u', 'root', '--', 'chpasswd') -StdinText "puppet:S3cret-CANARY`n"
        $r.ExitCode | Should -Be 0
        $text = [System.IO.File]::ReadAllText($m)
        $text | Should -Not -Match 'S3cret-CANARY'
        (Read-TestMachine $m).distros[0].passwordUsers | Should -Be @('puppet')
        @((Read-TestMachine $m).changes)[-1].target | Should -Be 'Ubuntu/puppet'
    }

    It 'advances the simulated clock instead of sleeping' {
        $m = Use-Machine @{}
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        Wait-PupInterval -Seconds 600
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Read-TestMachine $m).clock.seconds | Should -Be 600
    }

    It 'writes a downloaded file, or fails like a machine without network' {
        [void](Use-Machine @{})
        $f = Join-Path (New-TestDir) 'x.msi'
        Save-PupDownload -Uri 'https://example.invalid/x.msi' -OutFile $f
        Test-Path -LiteralPath $f | Should -BeTrue
        [void](Use-Machine @{ network = @{ downloads = 'fail' } })
        { Save-PupDownload -Uri 'https://example.invalid/x.msi' -OutFile $f } | Should -Throw '*could not be resolved*'
    }
}

Describe 'Chocolatey''s own installer' {
    It 'runs the downloaded install.ps1, even from a path with an apostrophe' {
        $m = Use-Machine @{}
        $dir = Join-Path (New-TestDir) "O'Brien"
        $file = Join-Path $dir 'chocolatey-install.ps1'
        Save-PupDownload -Uri 'https://community.chocolatey.org/install.ps1' -OutFile $file
        $cmd = "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072; & '" + $file.Replace("'", "''") + "'"
        $t = Invoke-PupTool -Command powershell -Arguments @('-NoProfile', '-Command', $cmd)
        $t.ExitCode | Should -Be 0
        (Read-TestMachine $m).packageManagers.choco | Should -BeTrue
        (Invoke-PupTool -Command choco -Arguments @('--version')).ExitCode | Should -Be 0
    }
}

Describe 'faults' {
    It 'fires a fault <Times> time(s) and counts it in faultsFired' -ForEach @(@{ Times = 1 }, @{ Times = 2 }) {
        $m = Use-Machine @{ docker = @{ installed = $true; engineRunning = $true }; groups = @{ 'docker-users' = @('DESKTOP-PUP\dev') }; features = $script:Enabled; wsl = @{ kind = 'store' }; faults = @(@{ command = 'docker'; exitCode = 1; output = 'injected'; times = $Times }) }
        for ($i = 0; $i -lt $Times; $i++) { (Invoke-PupTool -Command docker -Arguments @('info')).Stderr | Should -Match 'injected' }
        (Invoke-PupTool -Command docker -Arguments @('info')).ExitCode | Should -Be 0
        (Read-TestMachine $m).faultsFired.'0' | Should -Be $Times
    }

    It 'fires a fault without times every time' {
        $m = Use-Machine @{ faults = @(@{ command = 'winget'; exitCode = 1; output = 'nope' }) }
        1..3 | ForEach-Object { (Invoke-PupTool -Command winget -Arguments @('install', '-e', '--id', 'Docker.DockerDesktop')).ExitCode | Should -Be 1 }
        (Read-TestMachine $m).faultsFired.'0' | Should -Be 3
    }

    It 'a hang fault never returns by itself; a caller''s timeout ends it with TimedOut' {
        [void](Use-Machine @{ features = $script:Enabled; wsl = @{ kind = 'inbox' }; faults = @(@{ command = 'wsl-update'; hang = $true }) })
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-PupNative -Command wsl -Arguments @('--update') -TimeoutSeconds 1
        $r.TimedOut | Should -BeTrue
        $r.ExitCode | Should -BeNullOrEmpty
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
        (Invoke-PupTool -Command wsl -Arguments @('--update') -TimeoutSeconds 1).ErrorCode | Should -Be 'TIMEOUT'
    }

    It 'uses the installer exit codes of a docker-desktop-installer fault in winget and choco too' {
        $m = Use-Machine @{ packageManagers = @{ choco = $true }; faults = @(@{ command = 'docker-desktop-installer'; exitCode = 1603; output = 'x' }) }
        $w = Invoke-PupTool -Command winget -Arguments @('install', '-e', '--id', 'Docker.DockerDesktop')
        $w.Stdout | Should -Match 'Installer failed with exit code: 1603'
        $c = Invoke-PupTool -Command choco -Arguments @('install', '-y', 'docker-desktop')
        $c.ExitCode | Should -Be 1603
        $c.Stdout | Should -Match 'Chocolatey installed 0/1 packages\. 1 packages failed\.'
    }
}
