# Windows PowerShell 5.1 compatibility of every script, and proof that the checker catches each
# forbidden construct (so it cannot silently pass).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Checker = Join-Path $PSScriptRoot 'Test-PowerShellSyntax.ps1'
    . $script:Checker
    $script:SnippetDir = New-TestDir
    function Get-SnippetRules {
        param([string]$Code, [byte[]]$Bytes)
        $file = Join-Path $script:SnippetDir ([guid]::NewGuid().ToString('N') + '.ps1')
        if ($null -ne $Bytes) { [System.IO.File]::WriteAllBytes($file, $Bytes) }
        else { [System.IO.File]::WriteAllText($file, $Code, (New-Object System.Text.UTF8Encoding $false)) }
        return @(Get-PupSyntaxViolations -File $file | ForEach-Object { $_.Rule })
    }
}

AfterAll { Remove-Item -LiteralPath $script:SnippetDir -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'every PowerShell file under src/ and tests/' {
    It 'parses and uses only Windows PowerShell 5.1 syntax and ASCII (checked by Test-PowerShellSyntax.ps1)' {
        $violations = @(& $script:Checker -Path @((Join-Path $script:RepoRoot 'src'), (Join-Path $script:RepoRoot 'tests')) 6>$null)
        ($violations | ForEach-Object { "$($_.File):$($_.Line) $($_.Rule)" }) -join "`n" | Should -BeNullOrEmpty
    }

    It 'includes the step scripts, the shared module and both hosts' {
        $files = @(Get-ChildItem -LiteralPath (Join-Path $script:RepoRoot 'src/powershell') -Recurse -Include '*.ps1', '*.psm1' | ForEach-Object { $_.Name })
        foreach ($n in @('PupperwareSetup.psm1', 'SimHost.psm1', 'WindowsHost.psm1', 'preflight.ps1', 'validate.ps1')) { $files | Should -Contain $n }
    }
}

Describe 'the checker catches each forbidden construct' {
    It 'flags <Rule> in: <Code>' -ForEach @(
        @{ Rule = 'Ternary'; Code = '$a = $true ? 1 : 2' }
        @{ Rule = 'PipelineChain'; Code = 'Get-Item . && Get-Item .' }
        @{ Rule = 'PipelineChain'; Code = 'Get-Item . || Write-Host no' }
        @{ Rule = 'NullCoalescing'; Code = '$b = $null ?? 3' }
        @{ Rule = 'NullCoalescingAssignment'; Code = '$c ??= 4' }
        @{ Rule = 'NullConditional'; Code = '$d = ${x}?.Length' }
        @{ Rule = 'NullConditional'; Code = '$e = ${x}?.ToString()' }
        @{ Rule = 'NullConditional'; Code = '$f = ${x}?[0]' }
        @{ Rule = 'ForEachObjectParallel'; Code = '1..2 | ForEach-Object -Parallel { $_ }' }
        @{ Rule = 'ForEachObjectParallel'; Code = '1..2 | % -Parallel { $_ } -ThrottleLimit 2' }
        @{ Rule = 'ConvertFromJson-AsHashtable'; Code = '''{}'' | ConvertFrom-Json -AsHashtable' }
        @{ Rule = 'ConvertFromJson-Depth'; Code = '''{}'' | ConvertFrom-Json -Depth 5' }
        @{ Rule = 'CleanBlock'; Code = 'function f { process { 1 } clean { 2 } }' }
        @{ Rule = 'BackgroundOperator'; Code = 'Start-Sleep 1 &' }
        @{ Rule = 'ParseError'; Code = 'function f { if ( }' }
    ) {
        Get-SnippetRules -Code $Code | Should -Contain $Rule
    }

    It 'flags non-ASCII bytes in a file without a UTF-8 BOM' {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes('Write-Host "caf' + [char]0xE9 + '"')
        Get-SnippetRules -Bytes $bytes | Should -Contain 'NonAsciiWithoutBom'
    }

    It 'accepts non-ASCII text in a UTF-8 file with a BOM' {
        $bytes = [byte[]](0xEF, 0xBB, 0xBF) + [System.Text.Encoding]::UTF8.GetBytes('Write-Host "caf' + [char]0xE9 + '"')
        Get-SnippetRules -Bytes $bytes | Should -BeNullOrEmpty
    }

    It 'accepts 5.1 code that only looks similar' {
        $code = @'
$a = if ($true) { 1 } else { 2 }
$b = $x -or $y
Get-Item . | ForEach-Object -Process { $_ }
'{}' | ConvertFrom-Json
$s = "a ? b : c"
'@
        Get-SnippetRules -Code $code | Should -BeNullOrEmpty
    }

    It 'exits 1 when run as a script on a bad file' {
        $bad = Join-Path $script:SnippetDir 'bad.ps1'
        [System.IO.File]::WriteAllText($bad, '$x = $a ?? $b')
        & (Get-TestPwsh) -NoProfile -NonInteractive -File $script:Checker -Path $bad *> $null
        $LASTEXITCODE | Should -Be 1
    }
}

Describe 'host modules' {
    BeforeAll {
        function Get-Exports {
            param([string]$ModuleFile)
            $ps = [powershell]::Create()
            try {
                [void]$ps.AddScript('param($p) (Import-Module $p -PassThru -DisableNameChecking).ExportedFunctions.Keys | Sort-Object').AddArgument($ModuleFile)
                return @($ps.Invoke() | ForEach-Object { [string]$_ })
            } finally { $ps.Dispose() }
        }
        $script:SimExports = Get-Exports (Join-Path $script:PsRoot 'host/SimHost.psm1')
        $script:WinExports = Get-Exports (Join-Path $script:PsRoot 'host/WindowsHost.psm1')
    }

    It 'WindowsHost exports exactly the functions SimHost exports' {
        $script:WinExports.Count | Should -BeGreaterThan 0
        ($script:WinExports -join ',') | Should -Be ($script:SimExports -join ',')
    }

    It 'both export every primitive of the contract and nothing else' {
        $contract = @('Add-PupLocalGroupMember', 'Enable-PupFeature', 'Get-PupFeatureState', 'Get-PupFirewallRule', 'Get-PupHardwareInfo',
            'Get-PupInstalledApp', 'Get-PupLastBootTime', 'Get-PupLocalGroupMember', 'Get-PupLogonSession', 'Get-PupOsInfo',
            'Get-PupPendingReboot', 'Get-PupScheduledTask', 'Invoke-PupNative', 'New-PupFirewallRule', 'Register-PupScheduledTask',
            'Save-PupDownload', 'Start-PupProcess', 'Unregister-PupScheduledTask', 'Wait-PupInterval') | Sort-Object
        ($script:SimExports -join ',') | Should -Be ($contract -join ',')
    }

    It 'the primitives take the same parameters in both hosts' {
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript(@'
param($sim, $win)
$a = Import-Module $sim -PassThru -DisableNameChecking -Prefix S
$b = Import-Module $win -PassThru -DisableNameChecking -Prefix W
foreach ($k in $a.ExportedFunctions.Keys) {
    $wk = $k -replace '-S', '-W'
    $pa = @($a.ExportedFunctions[$k].Parameters.Keys | Where-Object { [System.Management.Automation.Cmdlet]::CommonParameters -notcontains $_ }) -join ','
    $pb = @($b.ExportedFunctions[$wk].Parameters.Keys | Where-Object { [System.Management.Automation.Cmdlet]::CommonParameters -notcontains $_ }) -join ','
    if ($pa -ne $pb) { "$k sim($pa) windows($pb)" }
}
'@).AddArgument((Join-Path $script:PsRoot 'host/SimHost.psm1')).AddArgument((Join-Path $script:PsRoot 'host/WindowsHost.psm1'))
            @($ps.Invoke()) | Should -BeNullOrEmpty
        } finally { $ps.Dispose() }
    }

    It 'the shared module loads WindowsHost, and only it, when PUPPERWARE_SIM_STATE is not set' {
        $saved = $env:PUPPERWARE_SIM_STATE
        $env:PUPPERWARE_SIM_STATE = $null
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript('param($mod) Import-Module $mod -DisableNameChecking; (Get-Module | Where-Object { $_.Name -like "*Host" }).Name -join ","').AddArgument($script:ModulePath)
            @($ps.Invoke())[-1] | Should -Be 'WindowsHost'
        } finally { $ps.Dispose(); $env:PUPPERWARE_SIM_STATE = $saved }
    }

    It 'the shared module loads SimHost, and only it, when PUPPERWARE_SIM_STATE is set' {
        $m = New-TestMachine
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript('param($mod, $m) $env:PUPPERWARE_SIM_STATE = $m; Import-Module $mod -DisableNameChecking; (Get-Module | Where-Object { $_.Name -like "*Host" }).Name -join ","').AddArgument($script:ModulePath).AddArgument($m)
            @($ps.Invoke())[-1] | Should -Be 'SimHost'
        } finally { $ps.Dispose(); $env:PUPPERWARE_SIM_STATE = $null }
    }
}
