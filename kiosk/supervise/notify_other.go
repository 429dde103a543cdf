//go:build !linux

package supervise

import (
	"os/exec"
	"time"
)

// SystemdNotifier returns nil, 0: there is no systemd outside Linux.
func SystemdNotifier() (Notifier, time.Duration) { return nil, 0 }

func setProcAttr(cmd *exec.Cmd) {}
