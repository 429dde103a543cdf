package main

import (
	"context"
	"errors"
	"testing"
)

func TestRun_HelpStopsTheCommand(t *testing.T) {
	ran := false
	register("test-help", "test", func(ctx context.Context, args []string) error {
		fs := newFlags("test-help")
		if err := parse(fs, args); err != nil {
			return err
		}
		ran = true
		return nil
	})
	defer delete(commands, "test-help")
	if err := Run(context.Background(), []string{"test-help", "-h"}); err != nil {
		t.Fatalf("-h: err = %v", err)
	}
	if ran {
		t.Error("the command ran after -h")
	}
	if err := Run(context.Background(), []string{"test-help", "--nope"}); !errors.Is(err, errUsage) {
		t.Errorf("bad flag: err = %v", err)
	}
	if err := Run(context.Background(), []string{"no-such-command"}); !errors.Is(err, errUsage) {
		t.Errorf("unknown command: err = %v", err)
	}
}
