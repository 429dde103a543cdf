package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/logging"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
)

func init() {
	register("supervise", "run a role as a child and restart it when it exits or hangs (-- ROLE ARGS...)", runSupervise)
}

// runSupervise is what the systemd unit and the Windows task start:
//
//	kiosk supervise [flags] -- dispenser --data DIR ...
//
// The child is this same program with the arguments after "--". Its
// heartbeat file and the supervisor's log go in the child's --data
// directory unless flags say otherwise.
func runSupervise(ctx context.Context, args []string) error {
	fs := newFlags("supervise")
	program := fs.String("program", "", "program to run (default: this kiosk binary)")
	heartbeat := fs.String("heartbeat", "", "heartbeat file (default DATA/heartbeat; \"off\" disables the hang check)")
	timeout := fs.Duration("heartbeat-timeout", 5*time.Second, "a child whose heartbeat stops this long is killed and restarted")
	grace := fs.Duration("startup-grace", 0, "also restart a child that has not beaten this long after starting (0: wait for its first beat)")
	logDir := fs.String("log-dir", "", "folder of the supervisor's log (default DATA/logs)")
	i := indexOf(args, "--")
	if i < 0 {
		fmt.Fprintln(os.Stderr, "usage: kiosk supervise [flags] -- ROLE [role flags]")
		return fmt.Errorf("supervise: no child command after --: %w", errUsage)
	}
	if err := parse(fs, args[:i]); err != nil {
		return err
	}
	child := args[i+1:]
	if len(child) == 0 {
		return fmt.Errorf("supervise: empty child command: %w", errUsage)
	}
	exe := *program
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("supervise: %w", err)
		}
	}
	data := flagValue(child, "data")
	if data == "" {
		data = defaultDataDir()
	}
	switch *heartbeat {
	case "":
		*heartbeat = filepath.Join(data, "heartbeat")
	case "off":
		*heartbeat = ""
	}
	if *logDir == "" {
		*logDir = filepath.Join(data, "logs")
	}
	log, lf, err := logging.New(logging.Options{Dir: *logDir, Name: "supervise", Console: os.Stderr})
	if err != nil {
		return fmt.Errorf("supervise: %w", err)
	}
	defer lf.Close()
	slog.SetDefault(log)
	if *heartbeat != "" {
		if err := os.MkdirAll(filepath.Dir(*heartbeat), 0o750); err != nil {
			return fmt.Errorf("supervise: %w", err)
		}
	}
	log.Info("supervisor starting", "version", Version, "program", exe, "args", child, "heartbeat", *heartbeat)
	err = supervise.Run(ctx, supervise.Options{
		Command:          append([]string{exe}, child...),
		Heartbeat:        *heartbeat,
		HeartbeatTimeout: *timeout,
		StartupGrace:     *grace,
		Logger:           log,
	})
	if errors.Is(err, supervise.ErrStopped) {
		// Pass the child's wish on: the unit's RestartPreventExitStatus
		// keeps systemd from starting us again.
		lf.Close()
		os.Exit(supervise.ExitStop)
	}
	return err
}

func indexOf(args []string, s string) int {
	for i, a := range args {
		if a == s {
			return i
		}
	}
	return -1
}

// flagValue finds -name V, --name V, -name=V or --name=V in args.
func flagValue(args []string, name string) string {
	for i, a := range args {
		trimmed := strings.TrimLeft(a, "-")
		if len(trimmed) == len(a) || len(a)-len(trimmed) > 2 {
			continue
		}
		if trimmed == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(trimmed, name+"="); ok {
			return v
		}
	}
	return ""
}
