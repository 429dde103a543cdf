// Package procmem reads how much memory the running process holds, as the
// operating system counts it (VmRSS, its peak VmHWM, and the split into
// anonymous, file and shared pages), with the Go runtime's own figures.
// The diagnostic bundle carries them (memory.json) and the screen roles
// log them every hour, so a kiosk's memory target can be checked on the
// kiosk itself, on its own GPU driver, after a real day's tickets.
package procmem
