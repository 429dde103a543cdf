package supervise

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// SystemdNotifier returns a Notifier writing to systemd's NOTIFY_SOCKET
// (a unix datagram socket; "@name" is an abstract one) and the watchdog
// ping interval: half of WATCHDOG_USEC when the watchdog is on for this
// process, else 0. Without NOTIFY_SOCKET it returns nil, 0.
func SystemdNotifier() (Notifier, time.Duration) {
	sock := os.Getenv("NOTIFY_SOCKET")
	if sock == "" {
		return nil, 0
	}
	if sock[0] == '@' {
		sock = "\x00" + sock[1:]
	}
	n := NotifierFunc(func(state string) error {
		c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: sock, Net: "unixgram"})
		if err != nil {
			return err
		}
		defer c.Close()
		c.SetWriteDeadline(time.Now().Add(time.Second))
		_, err = c.Write([]byte(state))
		return err
	})
	var every time.Duration
	if usec, err := strconv.ParseInt(os.Getenv("WATCHDOG_USEC"), 10, 64); err == nil && usec > 0 {
		pid := os.Getenv("WATCHDOG_PID")
		if pid == "" || pid == strconv.Itoa(os.Getpid()) {
			every = time.Duration(usec) * time.Microsecond / 2
		}
	}
	return n, every
}

// setProcAttr makes the kernel kill the child if the supervisor dies, so
// a restarted supervisor never finds a second kiosk still on screen.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
