# Install Một Cửa Kiosk on Windows 10/11 (run in an elevated PowerShell from
# the unpacked folder):
#   powershell -ExecutionPolicy Bypass -File install.ps1 -User kiosk
# Safe to run again for an upgrade: the data directory
# (%LOCALAPPDATA%\MotCuaKiosk of the kiosk account) is never touched; the new
# program saves the database before migrating it (backups\ in that folder).
param(
  [Parameter(Mandatory = $true)][string]$User,
  [string]$InstallDir = "$env:ProgramFiles\MotCuaKiosk",
  [switch]$NoFirewall
)
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path

# Stop a running kiosk so kiosk.exe can be replaced.
Stop-ScheduledTask -TaskName 'MotCuaKiosk' -ErrorAction SilentlyContinue
Get-Process kiosk -ErrorAction SilentlyContinue | Stop-Process -Force
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
Copy-Item "$here\kiosk.exe" "$InstallDir\kiosk.exe.new" -Force
Move-Item "$InstallDir\kiosk.exe.new" "$InstallDir\kiosk.exe" -Force
Copy-Item "$here\app.png", "$here\README.md", "$here\deploy.md" $InstallDir -Force -ErrorAction SilentlyContinue

# The logon task, with this account and folder filled in.
$xml = Get-Content "$here\motcua-kiosk-task.xml" -Raw
$xml = $xml.Replace('KIOSK_USER', "$env:COMPUTERNAME\$User").Replace('INSTALL_DIR', $InstallDir)
Register-ScheduledTask -TaskName 'MotCuaKiosk' -Xml $xml -Force | Out-Null

# Desks, displays and rating tablets reach the hub on TCP 8700 (private networks only).
if (-not $NoFirewall) {
  Remove-NetFirewallRule -DisplayName 'Một Cửa hub 8700' -ErrorAction SilentlyContinue
  New-NetFirewallRule -DisplayName 'Một Cửa hub 8700' -Direction Inbound -Protocol TCP -LocalPort 8700 `
    -Program "$InstallDir\kiosk.exe" -Profile Private,Domain -Action Allow | Out-Null
}

# A kiosk never sleeps and never turns its screen off.
powercfg /change standby-timeout-ac 0
powercfg /change monitor-timeout-ac 0
powercfg /change hibernate-timeout-ac 0

Write-Host "Installed to $InstallDir. Sign in as $User (or set auto-logon, see README.md) and the kiosk starts."
