package ui

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"golang.org/x/image/font/sfnt"

	"github.com/motcua-kiosk/motcua/assets"
)

func TestFontRuns(t *testing.T) {
	for _, c := range []struct {
		in     string
		digits bool
		want   string // runs joined by "|", symbol runs in []
	}{
		{"Đất đai", false, "Đất đai"},
		{"", false, ""},
		{"Trang sau ▶", false, "Trang sau |[▶]"},
		{"◀ Trang trước", false, "[◀ ]|Trang trước"},
		{"⌫ Xóa", false, "[⌫ ]|Xóa"},
		{"●●●●", false, "[●●●●]"},
		{"Số 12 ▶", true, "Số |1|2| |[▶]"},
		{"A123", true, "A|1|2|3"},
		{"12", true, "1|2"},
		{"Tiếp ▶ 3", true, "Tiếp |[▶ ]|3"},
	} {
		var got []string
		for _, r := range fontRuns(c.in, c.digits) {
			if r.symbols {
				got = append(got, "["+r.text+"]")
			} else {
				got = append(got, r.text)
			}
		}
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("fontRuns(%q, %v) = %q, want %q", c.in, c.digits, g, c.want)
		}
	}
}

// TestFonts_EveryStringHasItsGlyphs checks that every user-facing string
// of the kiosk can be drawn with the fonts it ships: each rune is in Noto
// Sans or, if not, in the symbol font. On a kiosk with no system fonts a
// missing glyph would be a box.
func TestFonts_EveryStringHasItsGlyphs(t *testing.T) {
	sym, err := sfnt.Parse(fontSymbols.Content())
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	var files int
	err = fs.WalkDir(assets.FS, "i18n", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		files++
		b, err := fs.ReadFile(assets.FS, path)
		if err != nil {
			return err
		}
		var msgs map[string]string
		if err := json.Unmarshal(b, &msgs); err != nil {
			return err
		}
		for key, s := range msgs {
			for _, r := range NFC(s) {
				if r == '\n' || inNotoSans(r) {
					continue
				}
				if gi, err := sym.GlyphIndex(&buf, r); err != nil || gi == 0 {
					t.Errorf("%s %s: no shipped font draws %q (%U)", path, key, r, r)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 2 {
		t.Fatalf("read %d translation files, want vi and en at least", files)
	}
	// fontRuns keeps a space inside a run of symbols: the symbol font must
	// draw it as a space, not as a missing-glyph box.
	if gi, _ := sym.GlyphIndex(&buf, ' '); gi == 0 {
		t.Error("the symbol font has no space")
	}
	// Symbols the code draws itself.
	for _, r := range "⌫⇧●◀▶★" {
		if inNotoSans(r) {
			continue
		}
		if gi, _ := sym.GlyphIndex(&buf, r); gi == 0 {
			t.Errorf("no shipped font draws %q", r)
		}
	}
}

// TestText_DrawsInKioskFontsOnly checks that every run of a Text names its
// font, so Fyne never falls back to its chain of theme, emoji and system
// fonts, and that a symbol Noto Sans lacks goes to the symbol font.
func TestText_DrawsInKioskFontsOnly(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		s      string
		bold   bool
		digits bool
	}{
		{"Trang sau ▶", false, false},
		{"⌫ Xóa", true, false},
		{"Số thứ tự A123 — còn 4 người", true, true},
		{"Đang chờ: 12 người\nƯớc tính 35 phút", false, true},
	} {
		txt := NewText(c.s, TextBody, ColorText, c.bold, fyne.TextAlignCenter)
		txt.SplitDigits = c.digits
		w := test.NewTempWindow(t, txt)
		w.Resize(fyne.NewSize(600, 300))
		var drawn strings.Builder
		for _, o := range test.WidgetRenderer(txt).Objects() {
			ct := o.(*canvas.Text)
			drawn.WriteString(ct.Text)
			want := fontFor(c.bold, false)
			if !inNotoSans([]rune(ct.Text + " ")[0]) {
				want = fontSymbols
			}
			if ct.FontSource != want {
				t.Errorf("%q: run %q drawn in %v, want %v", c.s, ct.Text, ct.FontSource, want.Name())
			}
			if ct.Size().Width <= 0 && ct.Text != "" {
				t.Errorf("%q: run %q has no width", c.s, ct.Text)
			}
		}
		if got, want := drawn.String(), strings.ReplaceAll(c.s, "\n", ""); got != want {
			t.Errorf("runs of %q join to %q", c.s, got)
		}
	}
}

// TestText_RunsDoNotOverlap checks that runs of one line are placed side
// by side, each where the one before ends.
func TestText_RunsDoNotOverlap(t *testing.T) {
	test.NewTempApp(t)
	txt := NewText("◀ Trang trước 12", TextLarge, ColorText, false, fyne.TextAlignCenter)
	txt.SplitDigits = true
	w := test.NewTempWindow(t, txt)
	w.Resize(fyne.NewSize(800, 200))
	objs := test.WidgetRenderer(txt).Objects()
	if len(objs) != 4 {
		t.Fatalf("%d runs, want 4 (◀ , Trang trước , 1, 2)", len(objs))
	}
	for i := 1; i < len(objs); i++ {
		prev, cur := objs[i-1], objs[i]
		if got, want := cur.Position().X, prev.Position().X+prev.Size().Width; got < want-0.5 || got > want+0.5 {
			t.Errorf("run %d starts at %.1f, want %.1f (where run %d ends)", i, got, want, i-1)
		}
	}
	first, last := objs[0], objs[len(objs)-1]
	left, right := first.Position().X, txt.Size().Width-(last.Position().X+last.Size().Width)
	if d := left - right; d < -1 || d > 1 {
		t.Errorf("centred line has %.1f px left and %.1f px right", left, right)
	}
}
