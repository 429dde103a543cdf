package queue

import (
	"encoding/json"
	"testing"
	"time"
)

// TestEngine_ConfigIsACopy: a configuration read from the engine and
// edited (as the admin menu's draft is) changes nothing in force, down to
// the nested lists, until it is set; nor does editing one after SetConfig.
func TestEngine_ConfigIsACopy(t *testing.T) {
	clk := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	e, err := New(DefaultConfig(), func() time.Time { return clk })
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(e.Config())
	draft := e.Config()
	draft.Office.Name = ""
	draft.Services[0].Name = ""
	draft.Services[0].Windows[0].From = "25:00"
	draft.Services[0].Days = append(draft.Services[0].Days[:0], time.Sunday)
	draft.Counters[0].Services[0] = "Z"
	draft.Holidays = append(draft.Holidays, "2026-12-24")
	draft.Priorities[0].Name = ""
	if got, _ := json.Marshal(e.Config()); string(got) != string(want) {
		t.Fatalf("editing a copy changed the configuration in force:\n got %s\nwant %s", got, want)
	}
	if err := e.SetConfig(draft); err == nil {
		t.Fatal("an invalid draft was put in force")
	}
	ok := e.Config()
	ok.Services[0].Name = "Đất đai — đổi tên"
	if err := e.SetConfig(ok); err != nil {
		t.Fatal(err)
	}
	ok.Services[0].Name = "" // after SetConfig: the engine keeps its own copy
	ok.Counters[0].Services[0] = "Z"
	if got := e.Config(); got.Services[0].Name != "Đất đai — đổi tên" || got.Counters[0].Services[0] == "Z" {
		t.Errorf("editing the set value afterwards changed the configuration in force: %+v", got.Services[0])
	}
}

func TestWindow_Valid(t *testing.T) {
	for _, tt := range []struct {
		w    Window
		want bool
	}{
		{Window{"07:00", "11:15"}, true},
		{Window{"00:00", "23:59"}, true},
		{Window{"25:00", "26:00"}, false},
		{Window{"07:60", "08:00"}, false},
		{Window{"11:15", "07:00"}, false},
		{Window{"07:00", "07:00"}, false},
		{Window{"7:00", "11:15"}, true}, // time.Parse takes one-digit hours
		{Window{"", ""}, false},
	} {
		if got := tt.w.Valid(); got != tt.want {
			t.Errorf("%v.Valid() = %v, want %v", tt.w, got, tt.want)
		}
	}
}
