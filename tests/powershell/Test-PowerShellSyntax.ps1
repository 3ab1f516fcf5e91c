# Test-PowerShellSyntax.ps1 -- proves every .ps1/.psm1 can run on Windows PowerShell 5.1:
#   * it parses (Parser::ParseFile),
#   * it uses no PowerShell 7-only syntax: ternary, && / || chains, ??, ??=, ?. and ?[], background &,
#     clean {} blocks, ForEach-Object -Parallel, ConvertFrom-Json -AsHashtable/-Depth/-NoEnumerate/-DateKind,
#   * it is ASCII, or UTF-8 with a BOM (5.1 reads a BOM-less file as ANSI and mangles anything else).
#
# Usage: pwsh -File tests/powershell/Test-PowerShellSyntax.ps1 [-Path <files or folders>]
# Default paths: src/ and tests/ of this repository. Writes one line per violation; exit code 1 when
# there is any, 0 otherwise. Called with & from PowerShell it also returns the violation objects.
param([string[]]$Path)

$ErrorActionPreference = 'Stop'

function Get-PupSyntaxViolations {
    param([Parameter(Mandatory = $true)][string]$File)
    $found = New-Object System.Collections.ArrayList
    $add = { param($rule, $line, $text) [void]$found.Add([pscustomobject]@{ File = $File; Line = $line; Rule = $rule; Text = $text }) }

    $bytes = [System.IO.File]::ReadAllBytes($File)
    $hasBom = ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF)
    if (-not $hasBom) {
        $line = 1
        for ($i = 0; $i -lt $bytes.Length; $i++) {
            if ($bytes[$i] -eq 10) { $line++ }
            if ($bytes[$i] -gt 127) { & $add 'NonAsciiWithoutBom' $line ('byte 0x{0:x2} in a file without a UTF-8 BOM' -f $bytes[$i]); break }
        }
    }

    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$tokens, [ref]$errors)
    foreach ($e in @($errors)) { & $add 'ParseError' $e.Extent.StartLineNumber $e.Message }
    if ($null -eq $ast) { return $found.ToArray() }

    $nodes = $ast.FindAll({ param($n) $true }, $true)
    foreach ($n in $nodes) {
        $type = $n.GetType().Name
        $line = $n.Extent.StartLineNumber
        $text = $n.Extent.Text
        if ($text.Length -gt 80) { $text = $text.Substring(0, 80) }
        switch ($type) {
            'TernaryExpressionAst' { & $add 'Ternary' $line $text }
            'PipelineChainAst' { & $add 'PipelineChain' $line $text }
            'BinaryExpressionAst' { if ([string]$n.Operator -eq 'QuestionQuestion') { & $add 'NullCoalescing' $line $text } }
            'AssignmentStatementAst' { if ([string]$n.Operator -eq 'QuestionQuestionEquals') { & $add 'NullCoalescingAssignment' $line $text } }
            'NamedBlockAst' { if ([string]$n.BlockKind -eq 'Clean') { & $add 'CleanBlock' $line $text } }
            'PipelineAst' {
                $bg = $n.PSObject.Properties['Background']
                if ($null -ne $bg -and $bg.Value) { & $add 'BackgroundOperator' $line $text }
            }
            'CommandAst' {
                $name = $n.GetCommandName()
                $params = @($n.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
                if (@('ForEach-Object', 'foreach', '%') -contains $name) {
                    foreach ($p in $params) { if ($p -like 'pa*') { & $add 'ForEachObjectParallel' $line $text } }
                }
                if ($name -eq 'ConvertFrom-Json') {
                    foreach ($p in $params) {
                        if ($p -like 'a*' -or $p -like 'de*' -or $p -like 'n*' -or $p -like 'da*') { & $add "ConvertFromJson-$p" $line $text }
                    }
                }
            }
        }
        if ($type -eq 'MemberExpressionAst' -or $type -eq 'InvokeMemberExpressionAst' -or $type -eq 'IndexExpressionAst') {
            $nc = $n.PSObject.Properties['NullConditional']
            if ($null -ne $nc -and $nc.Value) { & $add 'NullConditional' $line $text }
        }
    }
    return $found.ToArray()
}

if ($MyInvocation.InvocationName -eq '.') { return }

if (-not $Path -or $Path.Count -eq 0) {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $Path = @((Join-Path $root 'src'), (Join-Path $root 'tests'))
}
$files = New-Object System.Collections.ArrayList
foreach ($p in $Path) {
    if (Test-Path -LiteralPath $p -PathType Container) {
        foreach ($f in (Get-ChildItem -LiteralPath $p -Recurse -File -Include '*.ps1', '*.psm1' | Where-Object { $_.FullName -notmatch '[\\/]node_modules[\\/]' })) { [void]$files.Add($f.FullName) }
    } elseif (Test-Path -LiteralPath $p) {
        [void]$files.Add((Resolve-Path -LiteralPath $p).Path)
    } else {
        throw "No such file or folder: $p"
    }
}
$all = New-Object System.Collections.ArrayList
foreach ($f in $files) { foreach ($v in (Get-PupSyntaxViolations -File $f)) { [void]$all.Add($v) } }
foreach ($v in $all) { Write-Host ("{0}:{1}: {2}: {3}" -f $v.File, $v.Line, $v.Rule, $v.Text) }
Write-Host ("powershell-syntax: {0} files checked, {1} violations" -f $files.Count, $all.Count)
if ($all.Count -gt 0) { $global:LASTEXITCODE = 1 } else { $global:LASTEXITCODE = 0 }
$all.ToArray()
if ($all.Count -gt 0 -and $MyInvocation.InvocationName -ne '&') { exit 1 }
