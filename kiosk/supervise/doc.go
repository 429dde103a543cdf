// Package supervise keeps the kiosk running with nobody on site: Run starts
// the kiosk as a child process and starts it again within seconds when it
// exits, crashes, or hangs, and on Linux keeps systemd's watchdog fed.
//
// A hang is seen through a heartbeat file. The supervisor names the file in
// the child's environment (EnvHeartbeat); the child calls StartHeartbeat
// with a function that runs code on its UI thread (fyne.Do), so the file's
// modification time moves only while the UI thread is alive. When the time
// stops moving for Options.HeartbeatTimeout the child is killed and
// restarted. The supervisor compares successive modification times with its
// own monotonic clock, never the file time with the wall clock, so a clock
// set at boot by NTP does not look like a hang.
//
// The same code runs on Linux (under systemd or an X session's autostart)
// and on Windows (under Task Scheduler); only the systemd notification and
// the parent-death signal are Linux-only.
package supervise
