# The parsers shared by the real and the simulated host, fed the real Windows outputs in
# tests/fixtures/windows-outputs both as stored (UTF-8, LF) and re-encoded the way wsl.exe emits them
# (UTF-16LE without BOM, CR LF, and CR CR LF).

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Encodings = @('stored', 'utf16le-crlf', 'utf16le-crcrlf')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    [void](Import-PupModuleForTest)
    $script:Fixtures = Get-FixturesDir
    function Get-FixtureText { param([string]$Name) [System.IO.File]::ReadAllText((Join-Path $script:Fixtures $Name)) }
    function Get-FixtureBytes {
        # The fixture as a tool would write it: 'stored' (UTF-8 LF), or UTF-16LE without BOM with CR LF / CR CR LF.
        param([string]$Name, [string]$Encoding)
        $text = (Get-FixtureText $Name) -replace "`r`n", "`n"
        switch ($Encoding) {
            'stored' { return [System.IO.File]::ReadAllBytes((Join-Path $script:Fixtures $Name)) }
            'utf16le-crlf' { return [System.Text.Encoding]::Unicode.GetBytes(($text -replace "`n", "`r`n")) }
            'utf16le-crcrlf' { return [System.Text.Encoding]::Unicode.GetBytes(($text -replace "`n", "`r`r`n")) }
        }
    }
    function Get-Decoded { param([string]$Name, [string]$Encoding) ConvertFrom-PupNativeBytes -Bytes (Get-FixtureBytes $Name $Encoding) }
}

Describe 'the fixtures folder' {
    It 'is found (tests/fixtures/windows-outputs)' {
        Test-Path -LiteralPath (Join-Path $script:Fixtures 'SOURCES.md') | Should -BeTrue
    }
}

Describe 'ConvertFrom-PupNativeBytes (the wsl.exe-tolerant decoder)' {
    It 'decodes the real UTF-16LE bytes of wsl -l -v (no BOM, CR LF)' {
        $text = ConvertFrom-PupNativeBytes -Bytes ([System.IO.File]::ReadAllBytes((Join-Path $script:Fixtures 'RECONSTRUCTED.wsl-l-v.en.1.utf16le-crlf.bin')))
        $expected = ((Get-FixtureText 'wsl-l-v.en.1.txt') -split "`n" | Select-Object -Skip 1) -join "`n"
        $text.TrimEnd() | Should -Be $expected.TrimEnd()
        $text | Should -Not -Match "`r"
        $text | Should -Not -Match ([string][char]0)
    }

    It 'decodes the UTF-8 bytes wsl.exe writes with WSL_UTF8=1' {
        $text = ConvertFrom-PupNativeBytes -Bytes ([System.IO.File]::ReadAllBytes((Join-Path $script:Fixtures 'RECONSTRUCTED.wsl-l-v.en.1.utf8-crlf-WSL_UTF8.bin')))
        $text | Should -Match '^\s+NAME\s+STATE\s+VERSION\n\* Ubuntu'
    }

    It 'decodes the real hexdump of wsl --help (CR CR LF line ends)' {
        $bytes = New-Object System.Collections.Generic.List[byte]
        foreach ($line in ((Get-FixtureText 'wsl-help.utf16-hexdump.en.1.txt') -split "`n")) {
            $m = [regex]::Match($line, '^[0-9a-f]{8}  ((?:[0-9a-f]{2} {1,2}){1,16})')
            if ($m.Success) { foreach ($h in ($m.Groups[1].Value -split '\s+' | Where-Object { $_ })) { $bytes.Add([Convert]::ToByte($h, 16)) } }
        }
        $bytes.Count | Should -Be 128
        $text = ConvertFrom-PupNativeBytes -Bytes $bytes.ToArray()
        $text | Should -Be "Copyright (c) Microsoft Corporation. All rights reserved.`n`nU"
    }

    It 'strips a UTF-16LE or UTF-8 BOM' {
        ConvertFrom-PupNativeBytes -Bytes ([byte[]](0xFF, 0xFE) + [System.Text.Encoding]::Unicode.GetBytes("Default Version: 2`r`n")) | Should -Be "Default Version: 2`n"
        ConvertFrom-PupNativeBytes -Bytes ([byte[]](0xEF, 0xBB, 0xBF) + [System.Text.Encoding]::UTF8.GetBytes("ok`r`n")) | Should -Be "ok`n"
    }

    It 'returns an empty string for no output' {
        ConvertFrom-PupNativeBytes -Bytes ([byte[]]@()) | Should -Be ''
        ConvertFrom-PupNativeBytes -Bytes $null | Should -Be ''
    }

    It 'gives the same text for <_> as for the stored fixture' -ForEach @('stored', 'utf16le-crlf', 'utf16le-crcrlf') {
        foreach ($name in @('wsl-l-v.en.1.txt', 'wsl-status.inbox.1-with-kernel.txt', 'wsl-version.inbox-error.en.1.txt', 'wsl-status.en.4-optional-component-required.txt')) {
            Get-Decoded $name $_ | Should -Be ((Get-FixtureText $name) -replace "`r`n", "`n")
        }
    }
}

Describe 'ConvertFrom-PupWslList (wsl -l -v)' -ForEach $script:Encodings {
    BeforeAll { $script:Enc = $_ }

    It 'reads the mixed WSL 1/2 table with the default marker (<_>)' {
        $r = ConvertFrom-PupWslList -Text (Get-Decoded 'wsl-l-v.en.1.txt' $script:Enc)
        $r.Recognized | Should -BeTrue
        $r.Distros.Count | Should -Be 4
        $r.Distros[0].Name | Should -Be 'Ubuntu'; $r.Distros[0].State | Should -Be 'Running'; $r.Distros[0].Version | Should -Be 2; $r.Distros[0].IsDefault | Should -BeTrue
        $r.Distros[1].Name | Should -Be 'Legacy'; $r.Distros[1].Version | Should -Be 1; $r.Distros[1].IsDefault | Should -BeFalse
        $r.Distros[2].Name | Should -Be 'Ubuntu-18.04'
        $r.Distros[3].Name | Should -Be 'docker-desktop'; $r.Distros[3].Version | Should -Be 2
    }

    It 'reads single-distro tables of other widths (<_>)' {
        foreach ($n in @('wsl-l-v.en.3.txt', 'wsl-l-v.en.8-before-winget.txt')) {
            $r = ConvertFrom-PupWslList -Text (Get-Decoded $n $script:Enc)
            $r.Distros.Count | Should -Be 1
            $r.Distros[0].Name | Should -Be 'Ubuntu'
            $r.Distros[0].Version | Should -Be 2
        }
    }

    It 'reads a table whose * marker is missing (<_>)' {
        $text = (Get-Decoded 'wsl-l-v.en.1.txt' $script:Enc) -replace '\* ', '  '
        $r = ConvertFrom-PupWslList -Text $text
        $r.Distros.Count | Should -Be 4
        @($r.Distros | Where-Object { $_.IsDefault }).Count | Should -Be 0
    }

    It 'does not mistake usage text or errors for a table (<_>)' {
        foreach ($n in @('wsl-l-v.en.5-pre-wsl2-build-usage.txt', 'wsl-l-v.en.6-server-execution-failed.txt', 'wsl-l.en.1-legacy-no-verbose.txt')) {
            (ConvertFrom-PupWslList -Text (Get-Decoded $n $script:Enc)).Recognized | Should -BeFalse
        }
    }

    It 'recognises "no installed distributions" (<_>)' {
        Test-PupWslNoDistros -Text (Get-Decoded 'wsl-noargs.en.1-no-distributions.txt' $script:Enc) | Should -BeTrue
        Test-PupWslNoDistros -Text (Get-Decoded 'wsl-l-v.en.1.txt' $script:Enc) | Should -BeFalse
    }
}

Describe 'Get-PupWslDefaultVersion (wsl --status)' {
    It 'reads "Default Version: 2" from <_>' -ForEach @(
        'wsl-status.inbox.1-with-kernel.txt', 'wsl-status.inbox.2-with-kernel.txt', 'wsl-status.kernel-missing.1.txt',
        'wsl-status.store.1-no-kernel-line.txt', 'wsl-status.store.2.txt', 'wsl-status.ps-formatted.1-odd.txt', 'wsl-version-status.store.5-2.6.3.txt'
    ) {
        foreach ($enc in @('stored', 'utf16le-crlf', 'utf16le-crcrlf')) { Get-PupWslDefaultVersion -Text (Get-Decoded $_ $enc) | Should -Be 2 }
    }

    It 'finds no version in an error' {
        Get-PupWslDefaultVersion -Text (Get-Decoded 'wsl-status.en.4-optional-component-required.txt' 'utf16le-crlf') | Should -BeNullOrEmpty
    }

    It 'reads every translated label of the localized format strings (U+00A0 before the colon in fr-FR)' {
        $rows = @((Get-FixtureText 'RECONSTRUCTED.wsl-localized-format-strings.tsv') -split "`n" | Where-Object { $_ -match "`tMessageStatusDefaultVersion`t" })
        $rows.Count | Should -BeGreaterThan 20
        foreach ($row in $rows) {
            $parts = $row.TrimEnd("`r") -split "`t"
            $distroRow = @((Get-FixtureText 'RECONSTRUCTED.wsl-localized-format-strings.tsv') -split "`n" | Where-Object { $_ -like "$($parts[0])`tMessageStatusDefaultDistro`t*" })[0]
            $distroLine = (($distroRow.TrimEnd("`r") -split "`t")[2]).Replace('{}', 'Ubuntu-22.04')
            $text = $distroLine + "`r`n" + $parts[2].Replace('{}', '2') + "`r`n"
            $bytes = [System.Text.Encoding]::Unicode.GetBytes($text)
            Get-PupWslDefaultVersion -Text (ConvertFrom-PupNativeBytes -Bytes $bytes) | Should -Be 2 -Because $parts[0]
        }
    }
}

Describe 'Get-PupWslVersionInfo (wsl --version)' {
    It 'reads the Store WSL from <Name>' -ForEach @(
        @{ Name = 'wsl-version.store.1.txt'; Wsl = '1.1.2.0'; Kernel = '5.15.83.1' }
        @{ Name = 'wsl-version.store.2-array-capture.txt'; Wsl = '1.1.3.0'; Kernel = '5.15.90.1' }
        @{ Name = 'wsl-version.store.3-preview.txt'; Wsl = '0.68.4.0'; Kernel = '5.15.68.1' }
        @{ Name = 'wsl-version.store.6-flattened-one-line.txt'; Wsl = '2.5.7.0'; Kernel = '6.6.87.1-1' }
        @{ Name = 'wsl-version-status.store.5-2.6.3.txt'; Wsl = '2.6.3.0'; Kernel = '6.6.87.2-1' }
    ) {
        foreach ($enc in @('stored', 'utf16le-crlf', 'utf16le-crcrlf')) {
            $i = Get-PupWslVersionInfo -Text (Get-Decoded $Name $enc) -ExitCode 0
            $i.Kind | Should -Be 'store'
            $i.WslVersion | Should -Be $Wsl
            $i.KernelVersion | Should -Be $Kernel
        }
    }

    It 'recognises the inbox wsl.exe answer "Invalid command line option: --version"' {
        foreach ($enc in @('stored', 'utf16le-crlf', 'utf16le-crcrlf')) {
            (Get-PupWslVersionInfo -Text (Get-Decoded 'wsl-version.inbox-error.en.1.txt' $enc) -ExitCode -1).Kind | Should -Be 'inbox'
        }
    }

    It 'compares versions the way Docker Desktop needs' {
        Test-PupVersionAtLeast -Version '2.6.3.0' -Minimum '2.1.5' | Should -BeTrue
        Test-PupVersionAtLeast -Version '1.1.3.0' -Minimum '2.1.5' | Should -BeFalse
        Test-PupVersionAtLeast -Version '2.1.5' -Minimum '2.1.5' | Should -BeTrue
        Test-PupVersionAtLeast -Version '6.6.87.2-1' -Minimum '5.10' | Should -BeTrue
        Test-PupVersionAtLeast -Version '' -Minimum '2.1.5' | Should -BeFalse
    }
}

Describe 'Get-PupErrorCode (codes before English text)' {
    It 'finds <Code> in <Name>' -ForEach @(
        @{ Name = 'wsl-distro-launcher.en.1-0x800701bc.txt'; Code = '0x800701bc' }
        @{ Name = 'wsl-set-default-version.en.1-kernel-update-required.txt'; Code = '0x800701bc' }
        @{ Name = 'wsl-set-default-version.en.2-0x1bc.txt'; Code = '0x800701bc' }
        @{ Name = 'wsl-status.kernel-missing.1.txt'; Code = '0x800701bc' }
        @{ Name = 'wsl-install.en.4-0x8007019e-launcher.txt'; Code = '0x8007019e' }
        @{ Name = 'wsl-status.en.4-optional-component-required.txt'; Code = 'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED' }
        @{ Name = 'wsl-install.en.5-0x80040321.txt'; Code = '0x80040321' }
        @{ Name = 'wsl-install.en.7-hcs-hyperv-not-installed-kali.txt'; Code = 'HCS_E_HYPERV_NOT_INSTALLED' }
        @{ Name = 'docker-desktop-log.en.1-wsl-import-hcs-hyperv-not-installed.txt'; Code = 'HCS_E_HYPERV_NOT_INSTALLED' }
        @{ Name = 'wsl-install.en.8-already-exists.txt'; Code = 'Wsl/InstallDistro/Service/RegisterDistro/ERROR_ALREADY_EXISTS' }
        @{ Name = 'wsl-launch.en.1-vmp-not-enabled.txt'; Code = 'HCS_E_HYPERV_NOT_INSTALLED' }
        @{ Name = 'wsl-launch.en.2-0x80040326.txt'; Code = '0x80040326' }
        @{ Name = 'wsl-set-version.en.1-hcs-service-not-available.txt'; Code = 'HCS_E_SERVICE_NOT_AVAILABLE' }
        @{ Name = 'wsl-update.en.2-callmsi-e-abort.txt'; Code = 'Wsl/CallMsi/E_ABORT' }
        @{ Name = 'wsl-l-v.en.6-server-execution-failed.txt'; Code = '0x80080005' }
        @{ Name = 'enable-windowsoptionalfeature.hyperv.en.1-unknown-home.txt'; Code = 'FEATURE_UNKNOWN' }
        @{ Name = 'enable-windowsoptionalfeature.vmp.en.3-unknown-old-build.txt'; Code = 'FEATURE_UNKNOWN' }
        @{ Name = 'dism-enable-feature.wsl.en.1-0x800f080c-unknown.txt'; Code = '0x800f080c' }
        @{ Name = 'docker-users.en.1-dd-17.06-dialog.txt'; Code = 'DOCKER_USERS_GROUP' }
        @{ Name = 'docker-users.en.2-dd-2.4-dialog-as-typed.txt'; Code = 'DOCKER_USERS_GROUP' }
        @{ Name = 'docker-users.en.4-visual-studio-tools.txt'; Code = 'DOCKER_USERS_GROUP' }
        @{ Name = 'winget-install-docker.en.1-fail-requires-elevation-4.18.txt'; Code = 'exit:-5' }
    ) {
        foreach ($enc in @('stored', 'utf16le-crlf', 'utf16le-crcrlf')) { Get-PupErrorCode -Text (Get-Decoded $Name $enc) | Should -Be $Code }
    }

    It 'prefers the untranslated code over translated text' {
        $fr = 'Le sous-syst' + [char]0xE8 + "me Windows pour Linux n'est pas activ" + [char]0xE9 + ".`nCode d'erreur" + [char]0xA0 + ': Wsl/WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED'
        Get-PupErrorCode -Text $fr | Should -Be 'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED'
    }

    It 'finds nothing in a successful output' {
        foreach ($n in @('wsl-l-v.en.1.txt', 'docker-version.dd-wsl2.en.2-running-4.89.txt', 'docker-info.dd-wsl2.en.1-engine-20.10.21.txt', 'choco-install-docker-desktop.en.1-success-4.3.1.txt')) {
            Get-PupErrorCode -Text (Get-Decoded $n 'stored') | Should -BeNullOrEmpty -Because $n
        }
    }
}

Describe 'ConvertTo-PupSignedExitCode' {
    It 'turns <In> into <Out>' -ForEach @(
        @{ In = 4294967291; Out = -5 }, @{ In = 4294967295; Out = -1 }, @{ In = 3010; Out = 3010 }, @{ In = 0; Out = 0 }
        @{ In = -5; Out = -5 }, @{ In = '4294967291'; Out = -5 }, @{ In = 2316632079; Out = -1978335217 }
    ) {
        ConvertTo-PupSignedExitCode -Code $In | Should -Be $Out
    }

    It 'reads the installer exit code winget printed (real winget fixture)' {
        $m = [regex]::Match((Get-FixtureText 'winget-install-docker.en.2-fail-exit-4294967291-4.15.txt'), 'Installer failed with exit code:\s*(\d+)')
        ConvertTo-PupSignedExitCode -Code $m.Groups[1].Value | Should -Be -5
    }
}

Describe '/etc/wsl.conf' {
    It 'reads the [user] default' {
        Get-PupWslConfDefaultUser -Text "[boot]`nsystemd=true`n[user]`ndefault = puppet`n" | Should -Be 'puppet'
        Get-PupWslConfDefaultUser -Text "[boot]`nsystemd=true`n" | Should -BeNullOrEmpty
        Get-PupWslConfDefaultUser -Text '' | Should -BeNullOrEmpty
    }

    It 'sets the default user and keeps every other line' {
        $new = Set-PupWslConfDefaultUser -Text "[boot]`nsystemd=true`n" -User 'puppet'
        $new | Should -Be "[boot]`nsystemd=true`n`n[user]`ndefault=puppet`n"
        $new2 = Set-PupWslConfDefaultUser -Text "[user]`ndefault=root`n[network]`nhostname=pup`n" -User 'puppet'
        $new2 | Should -Be "[user]`ndefault=puppet`n[network]`nhostname=pup`n"
        Set-PupWslConfDefaultUser -Text '' -User 'puppet' | Should -Be "[user]`ndefault=puppet`n"
        Set-PupWslConfDefaultUser -Text "[user]`n[boot]`nsystemd=true`n" -User 'puppet' | Should -Be "[user]`ndefault=puppet`n[boot]`nsystemd=true`n"
        Get-PupWslConfDefaultUser -Text $new2 | Should -Be 'puppet'
    }
}
