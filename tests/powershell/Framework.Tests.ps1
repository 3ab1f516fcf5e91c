# The step runner of PupperwareSetup.psm1: parameters re-validated, Test -> Set -> Verify, the result
# file (atomic, UTF-8 without BOM) and exit codes, and every exception turned into a coded error.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Machine = Import-PupModuleForTest
    $script:Dir = Split-Path $script:Machine
    function Invoke-Runner {
        param([string]$Mode = 'Set', [scriptblock]$Test, [scriptblock]$Set, [hashtable]$Params = @{}, [string]$StepId = 'features')
        $p = New-TestParams -StepId $StepId -Overrides $Params -Dir $script:Dir
        $out = Join-Path $script:Dir 'runner.result.json'
        $call = @{ StepId = $StepId; Mode = $Mode; ParamsPath = $p; ResultPath = $out; Test = $Test }
        if ($Set) { $call['Set'] = $Set }
        $code = Invoke-PupStep @call 6>$null
        return @{ Code = $code; Result = ([System.IO.File]::ReadAllText($out) | ConvertFrom-Json); Path = $out }
    }
}

Describe 'Invoke-PupStep' {
    It 'Set does not apply when Test finds the step done' {
        $script:applied = 0
        $r = Invoke-Runner -Test { @{ state = 'present'; message = 'done' } } -Set { $script:applied++; @{} }
        $script:applied | Should -Be 0
        $r.Result.changed | Should -BeFalse
        $r.Code | Should -Be 0
    }

    It 'Set applies once, verifies by testing again, and reports the verified state' {
        $script:tests = 0; $script:applied = 0
        $r = Invoke-Runner -Test { $script:tests++; if ($script:applied -gt 0) { @{ state = 'present'; message = 'now done'; facts = @{ n = $script:tests } } } else { @{ state = 'absent'; message = 'missing' } } } -Set { $script:applied++; @{ facts = @{ extra = 1 } } }
        $script:applied | Should -Be 1
        $script:tests | Should -Be 2
        $r.Result.state | Should -Be 'present'
        $r.Result.changed | Should -BeTrue
        $r.Result.facts.n | Should -Be 2
        $r.Result.facts.extra | Should -Be 1
    }

    It 'reports VERIFY_FAILED when the re-test still finds the step missing' {
        $r = Invoke-Runner -Test { @{ state = 'absent'; message = 'still missing' } } -Set { @{} }
        $r.Result.error.code | Should -Be 'VERIFY_FAILED'
        $r.Code | Should -Be 1
    }

    It 'Test mode never calls Set' {
        $script:applied = 0
        $r = Invoke-Runner -Mode Test -Test { @{ state = 'absent'; message = 'missing' } } -Set { $script:applied++; @{} }
        $script:applied | Should -Be 0
        $r.Result.state | Should -Be 'absent'
        $r.Code | Should -Be 0
    }

    It 'exits 3010 when a restart is needed and 1 when blocked' {
        (Invoke-Runner -Mode Test -Test { @{ state = 'pending-reboot'; rebootRequired = $true; message = 'x' } }).Code | Should -Be 3010
        (Invoke-Runner -Mode Test -Test { @{ state = 'blocked'; message = 'x'; error = @{ code = 'BUILD_TOO_OLD'; message = 'x' } } }).Code | Should -Be 1
    }

    It 'turns a coded exception into the result error, keeping changed when something was done' {
        $r = Invoke-Runner -Test { @{ state = 'absent'; message = 'missing' } } -Set { param($ctx) $ctx.Changed = $true; throw (New-PupException -Code 'exit:1603' -Message 'The installer failed.') }
        $r.Result.error.code | Should -Be 'exit:1603'
        $r.Result.error.message | Should -Be 'The installer failed.'
        $r.Result.changed | Should -BeTrue
        $r.Result.state | Should -Be 'absent'
        $r.Code | Should -Be 1
    }

    It 'extracts a code from an unexpected exception, else says UNEXPECTED' {
        (Invoke-Runner -Test { throw 'WslRegisterDistribution failed with error: 0x800701bc' }).Result.error.code | Should -Be '0x800701bc'
        $r = Invoke-Runner -Test { [void][System.IO.File]::ReadAllText('/nonexistent/file') }
        $r.Result.error.code | Should -Be 'UNEXPECTED'
        $r.Result.error.message | Should -Match 'unexpected'
    }

    It 'writes the result atomically as UTF-8 without BOM' {
        $r = Invoke-Runner -Mode Test -Test { @{ state = 'present'; message = ('caf' + [char]0xE9 + ' ok') } }
        $bytes = [System.IO.File]::ReadAllBytes($r.Path)
        $bytes[0] | Should -Be ([byte][char]'{')
        [System.Text.Encoding]::UTF8.GetString($bytes) | Should -Match ('caf' + [char]0xE9)
        @(Get-ChildItem -LiteralPath $script:Dir -Filter 'runner.result.json.tmp*').Count | Should -Be 0
        $r.Result.schema | Should -Be 'pupperware-result/1'
        $r.Result.stepId | Should -Be 'features'
    }

    It 'keeps one-element arrays as arrays in the result' {
        $r = Invoke-Runner -Mode Test -Test { @{ state = 'present'; message = 'x'; facts = @{ one = @('a'); none = @() } } }
        [System.IO.File]::ReadAllText($r.Path) | Should -Match '"one":\s*\[\s*"a"\s*\]'
        [System.IO.File]::ReadAllText($r.Path) | Should -Match '"none":\s*\[\s*\]'
    }
}

Describe 'Read-PupParams' {
    It 'rejects <Why>' -ForEach @(
        @{ Why = 'a stepId for another step'; Params = @{ stepId = 'distro' } }
        @{ Why = 'an unknown dockerSource'; Params = @{ dockerSource = 'scoop' } }
        @{ Why = 'an unknown wslUpdateSource'; Params = @{ wslUpdateSource = 'store' } }
        @{ Why = 'a distroUser with capitals'; Params = @{ distroUser = 'Puppet' } }
        @{ Why = 'a distroUser root'; Params = @{ distroUser = 'root' } }
        @{ Why = 'a distroUser with a shell metacharacter'; Params = @{ distroUser = 'pup;rm' } }
        @{ Why = 'a distro name with a space'; Params = @{ distro = 'Ubuntu 22.04' } }
        @{ Why = 'an interactiveUser with a quote'; Params = @{ interactiveUser = 'PC\dev"' } }
        @{ Why = 'a serviceAccount with a semicolon'; Params = @{ serviceAccount = 'a;b' } }
        @{ Why = 'engineWaitSeconds as text'; Params = @{ engineWaitSeconds = '300' } }
        @{ Why = 'enableHyperV as text'; Params = @{ enableHyperV = 'yes' } }
        @{ Why = 'another schema'; Params = @{ schema = 'pupperware-params/2' } }
    ) {
        $r = Invoke-Runner -Mode Test -Params $Params -Test { @{ state = 'present'; message = 'x' } }
        $r.Result.error.code | Should -Be 'PARAMS_INVALID'
        $r.Code | Should -Be 1
    }

    It 'rejects a file with a field missing, naming it' {
        $p = Join-Path $script:Dir 'partial.json'
        [System.IO.File]::WriteAllText($p, '{"schema":"pupperware-params/1","stepId":"features"}')
        { Read-PupParams -Path $p -StepId 'features' } | Should -Throw '*distro is missing*'
    }

    It 'rejects a missing or damaged file' {
        { Read-PupParams -Path (Join-Path $script:Dir 'nope.json') -StepId 'features' } | Should -Throw '*does not exist*'
        $bad = Join-Path $script:Dir 'bad.json'
        [System.IO.File]::WriteAllText($bad, '{not json')
        { Read-PupParams -Path $bad -StepId 'features' } | Should -Throw '*not valid JSON*'
    }

    It 'accepts the engine''s parameters, including a service account' {
        $p = New-TestParams -StepId 'docker-users' -Overrides @{ serviceAccount = 'NT AUTHORITY\NETWORK SERVICE' } -Dir $script:Dir
        (Read-PupParams -Path $p -StepId 'docker-users').serviceAccount | Should -Be 'NT AUTHORITY\NETWORK SERVICE'
    }

    It 'a step script without a valid -Mode ends without a result (the engine reports that)' {
        $out = Join-Path $script:Dir 'nomode.json'
        & (Get-TestPwsh) -NoProfile -NonInteractive -File (Join-Path $script:StepsDir 'features.ps1') -Mode Apply -ParamsPath 'x' -ResultPath $out *> $null
        $LASTEXITCODE | Should -Not -Be 0
        Test-Path -LiteralPath $out | Should -BeFalse
    }
}
