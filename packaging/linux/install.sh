#!/bin/sh
# Install Một Cửa Kiosk from the unpacked archive (run from its folder, as root):
#   sudo ./install.sh KIOSKUSER          the touch-screen kiosk for the account KIOSKUSER
#   sudo ./install.sh --hub              the hub alone, headless, as a system service
# Safe to run again for an upgrade: the data directory is never touched; the
# new program saves the database before migrating it (DATA/backups/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "run as root: sudo $0 $*" >&2; exit 1; }

install -D -m 0755 "$here/motcua-kiosk" /usr/local/bin/motcua-kiosk.new
mv -f /usr/local/bin/motcua-kiosk.new /usr/local/bin/motcua-kiosk   # atomic: a running kiosk keeps its old file
install -D -m 0644 "$here/vn.motcua.kiosk.png" /usr/share/icons/hicolor/256x256/apps/vn.motcua.kiosk.png
install -D -m 0644 "$here/deploy.md" /usr/local/share/doc/motcua-kiosk/deploy.md

if [ "${1:-}" = "--hub" ]; then
  id motcua >/dev/null 2>&1 || useradd --system --home /var/lib/motcua-kiosk --shell /usr/sbin/nologin motcua
  install -D -m 0644 "$here/motcua-hub.service" /etc/systemd/system/motcua-hub.service
  systemctl daemon-reload
  systemctl enable --now motcua-hub.service
  systemctl restart motcua-hub.service
  echo "hub installed: systemctl status motcua-hub; logs in /var/lib/motcua-kiosk/logs and journalctl -u motcua-hub"
  exit 0
fi

user=${1:?usage: $0 KIOSKUSER | --hub}
id "$user" >/dev/null
install -D -m 0644 "$here/motcua-kiosk.service" /etc/systemd/user/motcua-kiosk.service
install -D -m 0644 "$here/motcua-kiosk.desktop" /usr/share/applications/motcua-kiosk.desktop
install -D -m 0644 "$here/motcua-kiosk-session.desktop" /usr/share/xsessions/motcua-kiosk.desktop
install -D -m 0755 "$here/motcua-kiosk-session" /usr/local/bin/motcua-kiosk-session
# Serial printers and scanners (/dev/ttyUSB*, /dev/ttyACM*) belong to dialout.
usermod -aG dialout "$user"
# Let the user's services run without an open login, and start at boot.
loginctl enable-linger "$user"
systemctl --global enable motcua-kiosk.service 2>/dev/null || true
if [ -d /etc/lightdm ]; then
  mkdir -p /etc/lightdm/lightdm.conf.d
  printf '[Seat:*]\nautologin-user=%s\nautologin-session=motcua-kiosk\nxserver-command=X -nocursor -s 0 -dpms\n' "$user" \
    > /etc/lightdm/lightdm.conf.d/50-motcua-kiosk.conf
  echo "LightDM: $user logs in automatically into the kiosk session."
else
  echo "No LightDM: set up auto-login of $user into the 'Một Cửa Kiosk' session by hand (docs: deploy.md)."
fi
# A running kiosk picks up the new program at its next restart.
uid=$(id -u "$user")
if [ -S "/run/user/$uid/bus" ]; then
  sudo -u "$user" XDG_RUNTIME_DIR="/run/user/$uid" systemctl --user daemon-reload || true
  sudo -u "$user" XDG_RUNTIME_DIR="/run/user/$uid" systemctl --user try-restart motcua-kiosk.service || true
fi
echo "installed $(/usr/local/bin/motcua-kiosk version)"
