package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestKeyboard_TypesVietnamese(t *testing.T) {
	test.NewTempApp(t)
	k := NewKeyboard(Tr{Lang: LangVI}, "Tên", "", true)
	test.NewWindow(k)
	got := ""
	k.OnSubmit = func(v string) { got = v }
	test.Tap(k.Key("⇧"))
	for _, c := range "nguyeenx" {
		test.Tap(k.Key(string(c)))
	}
	test.Tap(k.Key("space"))
	test.Tap(k.Key("⇧"))
	k.Type("thij")
	if got, want := k.Value(), "Nguyễn Thị"; got != want {
		t.Fatalf("value = %q, want %q", got, want)
	}
	test.Tap(k.Key("⌫")) // takes back the j: the tone goes
	if got, want := k.Value(), "Nguyễn Thi"; got != want {
		t.Errorf("after delete = %q, want %q", got, want)
	}
	test.Tap(k.Key("telex")) // off: plain letters for addresses
	k.Type(" vs")
	test.Tap(k.Key("OK"))
	if want := "Nguyễn Thi vs"; got != want {
		t.Errorf("submitted %q, want %q", got, want)
	}
}

func TestKeypad_MaskAndLimit(t *testing.T) {
	test.NewTempApp(t)
	k := NewKeypad(Tr{Lang: LangVI}, "PIN", nil, true, 4)
	test.NewWindow(k)
	for _, c := range "123456" {
		test.Tap(k.Key(string(c)))
	}
	if got, want := k.Value(), "1234"; got != want {
		t.Errorf("value = %q, want %q", got, want)
	}
	if got, want := k.display.Text, "●●●●"; got != want {
		t.Errorf("shown = %q, want %q", got, want)
	}
}

func TestCornerGesture_Tapped(t *testing.T) {
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	n := 0
	g := NewCornerGesture(func() { n++ })
	g.Now = func() time.Time { return now }
	for i := 0; i < 4; i++ {
		test.Tap(g)
		now = now.Add(time.Second) // too slow: 5 taps take 4 s
	}
	test.Tap(g)
	if n != 0 {
		t.Fatalf("slow taps opened the menu")
	}
	for i := 0; i < 4; i++ {
		test.Tap(g)
		now = now.Add(500 * time.Millisecond)
	}
	if got, want := n, 1; got != want {
		t.Errorf("opened %d times, want %d", got, want)
	}
}

func TestTr_L(t *testing.T) {
	vi, en := Tr{Lang: LangVI}, Tr{Lang: LangEN}
	if got, want := vi.L("home.waiting", map[string]any{"N": 3}), "Đang chờ: 3 người"; got != want {
		t.Errorf("vi = %q, want %q", got, want)
	}
	if got, want := en.L("closed.cap_reached"), "No more tickets today"; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
	// Every Vietnamese key has an English string.
	loadCatalog()
	for k := range catalog[LangVI] {
		if !en.Has(k) {
			t.Errorf("no English for %q", k)
		}
	}
}
