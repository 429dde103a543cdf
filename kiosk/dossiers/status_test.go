package dossiers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestStatus_LateAt(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, hcm)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		st   Status
		now  time.Time
		want bool
	}{
		{"date-only promise: on time all that day", Status{State: StateProcessing, Promised: at("2024-03-20 00:00")}, at("2024-03-20 23:59"), false},
		{"date-only promise: late the next morning", Status{State: StateProcessing, Promised: at("2024-03-20 00:00")}, at("2024-03-21 07:00"), true},
		{"timed promise: late after 16:30", Status{State: StateProcessing, Promised: at("2024-03-20 16:30")}, at("2024-03-20 16:31"), true},
		{"timed promise: on time before", Status{State: StateProcessing, Promised: at("2024-03-20 16:30")}, at("2024-03-20 16:29"), false},
		{"finished in time stays on time", Status{State: StateDone, Promised: at("2024-03-20 00:00"), Finished: at("2024-03-19 10:00")}, at("2024-04-01 08:00"), false},
		{"finished after the promise was late", Status{State: StateReady, Promised: at("2024-03-20 00:00"), Finished: at("2024-03-22 10:00")}, at("2024-03-22 11:00"), true},
		{"no promise is never late", Status{State: StateProcessing}, at("2030-01-01 00:00"), false},
		{"cancelled is never late", Status{State: StateCancelled, Promised: at("2024-03-20 00:00")}, at("2024-04-01 00:00"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.st.LateAt(tt.now, hcm); got != tt.want {
				t.Errorf("LateAt(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

// The office's zone decides, not the machine's: 23:30 UTC on the 20th is
// already the 21st in Vietnam, so a promise for the 20th is late there.
func TestStatus_LateAtUsesOfficeZone(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	st := Status{State: StateProcessing, Promised: time.Date(2024, 3, 20, 0, 0, 0, 0, hcm)}
	now := time.Date(2024, 3, 20, 23, 30, 0, 0, time.UTC)
	if !st.LateAt(now, hcm) {
		t.Error("not late in Asia/Ho_Chi_Minh at 06:30 on the 21st")
	}
	if got, want := st.Deadline(hcm), time.Date(2024, 3, 21, 0, 0, 0, 0, hcm); !got.Equal(want) {
		t.Errorf("Deadline = %v, want %v", got, want)
	}
}

func TestState_Text(t *testing.T) {
	for s := StateReceived; s <= StateCancelled; s++ {
		if s.Text("vi") == "" || s.Text("en") == "" || s.Text("vi") == s.Text("en") {
			t.Errorf("state %d: %q / %q", s, s.Text("vi"), s.Text("en"))
		}
	}
	if got, want := StateReady.Text("vi"), "Đã có kết quả, mời nhận kết quả"; got != want {
		t.Errorf("ready = %q, want %q", got, want)
	}
}

// Each lookup error is told apart with errors.Is through wrapping, and
// each has its own citizen sentence.
func TestErrorText_Lookup(t *testing.T) {
	seen := map[string]bool{}
	for _, base := range []error{ErrNotFound, ErrWrongSecret, ErrUnreachable} {
		err := fmt.Errorf("opencps: dossier X: %w", base)
		vi, en := ErrorText(err, "vi"), ErrorText(err, "en-GB")
		if vi == "" || en == "" || vi == en || seen[vi] {
			t.Errorf("%v: vi %q en %q", base, vi, en)
		}
		seen[vi] = true
		for _, other := range []error{ErrNotFound, ErrWrongSecret, ErrUnreachable, ErrUnrecognized} {
			if got, want := errors.Is(err, other), other == base; got != want {
				t.Errorf("errors.Is(%v, %v) = %v", err, other, got)
			}
		}
	}
	if !strings.Contains(ErrorText(ErrUnreachable, "vi"), "không kết nối được") {
		t.Errorf("unreachable: %q", ErrorText(ErrUnreachable, "vi"))
	}
	if ErrorText(nil, "vi") != "" {
		t.Error("nil error gives text")
	}
}

func TestSourceFunc(t *testing.T) {
	var src Source = SourceFunc(func(_ context.Context, ref Ref) (Status, error) {
		return Status{Code: ref.Code}, nil
	})
	st, err := src.Lookup(context.Background(), Ref{Code: "H12-240315-0001"})
	if err != nil || st.Code != "H12-240315-0001" {
		t.Errorf("Lookup = %+v, %v", st, err)
	}
}
