<#
.SYNOPSIS
  Collects what sriov-check needs to judge SR-IOV on a Windows Hyper-V host, as one JSON document.

.DESCRIPTION
  Read-only: it runs Get-* cmdlets and nothing else. Top-level keys, one per source:

    schema      1 (the layout of this document)
    psVersion   the PowerShell version that wrote it ("5.1.20348.2849", "7.4.6")
    vmhost      Get-VMHost             | Select-Object IovSupport, IovSupportReasons
    switches    Get-VMSwitch           | Select-Object Name, SwitchType, IovEnabled, IovSupport, IovSupportReasons, ...
    sriov       Get-NetAdapterSriov    | Select-Object Name, InterfaceDescription, Enabled, SriovSupport, ...
    sriovVfs    Get-NetAdapterSriovVf  | Select-Object Name, FunctionID, VmFriendlyName, ...
    vnics       Get-VMNetworkAdapter -VMName * | Select-Object VMName, Name, IovWeight, IovUsage, VFDataPathActive, ...
    cpu         Get-CimInstance Win32_Processor | Select-Object Name, VirtualizationFirmwareEnabled, ...
    computer    Get-ComputerInfo -Property HyperV* | Select-Object HyperVisorPresent, HyperVRequirement...

  Each key holds what `Select-Object <those names> | ConvertTo-Json` gives, so a document written by hand with the
  same cmdlets is read the same way. A source that failed (no permission, cmdlet missing) is null, and why goes to
  the error stream: null means "not collected", never "none".

  Exit codes: 0 document written; 3 the Hyper-V PowerShell module is not installed (not a Hyper-V host, or the
  management tools are missing); 2 anything else went wrong.

.EXAMPLE
  powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File collect-hyperv.ps1 -Path hyperv.json
#>
[CmdletBinding()]
param(
  # Write the document to this file (UTF-8 without BOM) instead of standard output.
  [string] $Path
)

# A cmdlet error must reach our catch blocks, not scroll past as a warning with the next source read half-done.
$ErrorActionPreference = 'Stop'
# Get-ComputerInfo draws a progress bar; under -NonInteractive with redirected output, Windows PowerShell 5.1 can
# serialise progress records onto the error stream, and drawing it costs seconds.
$ProgressPreference = 'SilentlyContinue'

$SchemaVersion = 1
$ExitNoHyperV = 3
$ExitFailed = 2

function Write-Problem([string] $Message) {
  # The error stream, not Write-Error: under $ErrorActionPreference = 'Stop' Write-Error would end the script.
  [Console]::Error.WriteLine("collect-hyperv: $Message")
}

# Without the Hyper-V module none of the Hyper-V cmdlets exist; say so plainly instead of letting the first
# Get-VMHost fail with "not recognized as the name of a cmdlet". PowerShell 7 on Linux lands here too.
if (-not (Get-Module -ListAvailable -Name 'Hyper-V')) {
  Write-Problem 'the Hyper-V PowerShell module is not installed: run this on a Hyper-V host with the Hyper-V management tools (Install-WindowsFeature Hyper-V-PowerShell, or the RSAT Hyper-V tools on a client).'
  exit $ExitNoHyperV
}

# Windows PowerShell 5.1 serialises an array that carries ETS members as {"value": [...], "Count": n} rather than
# [...]; the usual cause is the type data for System.Array. Removing it for this process restores plain arrays.
# PowerShell 6+ has no such type data. (The reader accepts both shapes anyway.)
if ($PSVersionTable.PSVersion.Major -lt 6) {
  Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
}

# Runs one source. Module-qualified cmdlet names inside the blocks (Hyper-V\Get-VMHost): VMware PowerCLI also has a
# Get-VMHost, and whichever module loaded last would win. A failure yields $null and a line on the error stream.
# Lists come out of a block as one item (`, @(...)`), and go back out of here wrapped once more (`return , $x`):
# PowerShell unrolls an array written to the pipeline, so a bare `return $x` would turn [] into $null and a list
# of one into that one object.
function Invoke-Source([string] $Key, [scriptblock] $Block) {
  try {
    $result = & $Block
    return , $result
  } catch {
    Write-Problem "${Key}: $($_.Exception.Message)"
    return $null
  }
}

# Enum-typed .NET properties (VMSwitchType, IovInterruptModerationValue, VMNetworkAdapterOperationalStatus):
# ConvertTo-Json in 5.1 writes their numbers, PowerShell 7 writes numbers unless -EnumsAsStrings (7 only), and
# objects deserialised through the PowerShell 7 compatibility session already hold names. Casting to [string]
# gives the name on every version; no published table maps VMSwitchType numbers, so names are the only safe form.
function ConvertTo-Name($Value) {
  if ($null -eq $Value) { return $null }
  return [string] $Value
}

$document = [ordered] @{
  schema    = $SchemaVersion
  psVersion = $PSVersionTable.PSVersion.ToString()
}

# One object (the host), not an array.
$document.vmhost = Invoke-Source 'vmhost' {
  Hyper-V\Get-VMHost | Select-Object IovSupport, IovSupportReasons
}

# @(...) on every list: one switch, adapter or VM must still be an array, and none an empty one ([]), not null.
$document.switches = Invoke-Source 'switches' {
  , @(Hyper-V\Get-VMSwitch | Select-Object Name,
      @{ Name = 'SwitchType'; Expression = { ConvertTo-Name $_.SwitchType } },
      IovEnabled, IovSupport, IovSupportReasons,
      IovVirtualFunctionCount, IovVirtualFunctionsInUse, IovQueuePairCount, IovQueuePairsInUse,
      EmbeddedTeamingEnabled, NetAdapterInterfaceDescription, NetAdapterInterfaceDescriptions)
}

# CIM instances: Select-Object keeps only the named properties, so CimClass, CimInstanceProperties and
# CimSystemProperties (which make the JSON huge and slow) stay out. HardwareCapabilities/CurrentCapabilities are
# nested instances and not needed. SriovSupport is a uint8: it stays a number (0-7).
$document.sriov = Invoke-Source 'sriov' {
  , @(NetAdapter\Get-NetAdapterSriov | Select-Object Name, InterfaceDescription, Enabled, SriovSupport, SwitchName,
      NumVFs, NumAllocatedVFs, NumVPorts, NumActiveVPorts, NumQueuePairsForDefaultVPort, NumQueuePairsForNonDefaultVPorts)
}

# Get-NetAdapterSriovVf errors out on an adapter without VFs; no adapter at all must still give [].
$document.sriovVfs = Invoke-Source 'sriovVfs' {
  $adapters = @(NetAdapter\Get-NetAdapterSriov | Where-Object { $_.Enabled })
  , @(foreach ($adapter in $adapters) {
      NetAdapter\Get-NetAdapterSriovVf -Name $adapter.Name -ErrorAction SilentlyContinue |
        Select-Object Name, FunctionID, VmFriendlyName, VmID, VmNicID, CurrentMacAddress, PermanentMacAddress, VPortID
    })
}

# -VMName * lists the adapters of every VM and leaves out the management OS's own vNICs (which carry no Iov*
# properties). VirtualFunction (a CIM instance) is left out: IovUsage > 0 says the same.
$document.vnics = Invoke-Source 'vnics' {
  , @(Hyper-V\Get-VMNetworkAdapter -VMName * | Select-Object VMName, Name, SwitchName,
      IovWeight, IovQueuePairsRequested, IovQueuePairsAssigned,
      @{ Name = 'IovInterruptModeration'; Expression = { ConvertTo-Name $_.IovInterruptModeration } },
      IovUsage, VFDataPathActive,
      @{ Name = 'Status'; Expression = { , @($_.Status | ForEach-Object { ConvertTo-Name $_ }) } },
      StatusDescription)
}

# Get-CimInstance, not Get-WmiObject: PowerShell 7 has no Get-WmiObject. One object per socket.
$document.cpu = Invoke-Source 'cpu' {
  , @(CimCmdlets\Get-CimInstance -ClassName Win32_Processor | Select-Object Name, Manufacturer,
      VirtualizationFirmwareEnabled, SecondLevelAddressTranslationExtensions, VMMonitorModeExtensions)
}

# Once the hypervisor runs, the HyperVRequirement* fields come back empty: that is expected, not a failure.
$document.computer = Invoke-Source 'computer' {
  Microsoft.PowerShell.Management\Get-ComputerInfo -Property 'HyperV*' | Select-Object HyperVisorPresent,
    HyperVRequirementDataExecutionPreventionAvailable, HyperVRequirementSecondLevelAddressTranslation,
    HyperVRequirementVirtualizationFirmwareEnabled, HyperVRequirementVMMonitorModeExtensions
}

try {
  # Deep enough for document → list → object → string[] (IovSupportReasons, Status) however a version counts the
  # levels. ConvertTo-Json's default depth 2 would turn those arrays into the text "System.String[]" without a word
  # in 5.1 (7.1+ at least warns).
  $json = $document | ConvertTo-Json -Depth 6
  if ($Path) {
    # Out-File and > write UTF-16 in 5.1; the reader takes UTF-8.
    [System.IO.File]::WriteAllText($Path, $json, (New-Object System.Text.UTF8Encoding $false))
  } else {
    # The console's code page would mangle non-ASCII names and localised reason texts.
    [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
    [Console]::Out.Write($json)
    [Console]::Out.Write("`n")
  }
} catch {
  Write-Problem "could not write the document: $($_.Exception.Message)"
  exit $ExitFailed
}
exit 0
