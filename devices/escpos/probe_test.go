package escpos

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// probeProfile is a printer with every page the probe tries, so that
// walk can decode each code page line.
func probeProfile(dots int) Profile {
	pages := map[int]string{0: "cp437"}
	for _, pc := range ProbeCodePages() {
		pages[pc.Page] = pc.Charset
	}
	return Profile{Name: "probe-all", DotsPerLine: dots, CodePages: pages, NativeQR: true, UserDefinedChars: true, Cutter: true}
}

func TestProbeCodePages(t *testing.T) {
	var got []string
	for _, pc := range ProbeCodePages() {
		got = append(got, fmt.Sprintf("%d %s", pc.Page, pc.Charset))
		if len(pc.Profiles) == 0 {
			t.Errorf("page %d %s: no profile", pc.Page, pc.Charset)
		}
	}
	// Every Vietnamese page of profiles.json, once; cp437/cp1252 are not.
	want := "27 viscii, 30 tcvn3, 31 tcvn3-upper, 49 tcvn3, 50 tcvn3-upper"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("ProbeCodePages = %s, want %s", g, want)
	}
}

func TestPaperDots(t *testing.T) {
	for mm, want := range map[int]int{58: 384, 80: 576} {
		if got, err := PaperDots(mm); err != nil || got != want {
			t.Errorf("PaperDots(%d) = %d, %v; want %d", mm, got, err, want)
		}
	}
	if _, err := PaperDots(76); err == nil {
		t.Error("PaperDots(76) succeeded")
	}
	if _, err := EncodeProbePage(TestPage{}, 100); err == nil {
		t.Error("EncodeProbePage with 100 dots (not a multiple of 8) succeeded")
	}
}

// TestEncodeProbePage reads the probe page back: every feature tried once,
// one GS V and it is the last command, each risky command after its label
// and followed by ESC @ before the next section's label, and no text in
// the printer's font but ASCII labels and the code page samples.
func TestEncodeProbePage(t *testing.T) {
	for _, dots := range []int{Dots58mm, Dots80mm} {
		t.Run(fmt.Sprint(dots), func(t *testing.T) {
			b, err := EncodeProbePage(TestPage{Office: "UBND XÃ TÂN HÒA", Time: "08:15 12/05/2025"}, dots)
			if err != nil {
				t.Fatal(err)
			}
			w, err := walk(b, probeProfile(dots))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := w.cuts, 1; got != want {
				t.Errorf("GS V %d times, want %d", got, want)
			}
			if !bytes.HasSuffix(b, []byte{gs, 'V', byte(CutPartial), 0}) {
				t.Errorf("the job does not end with the cut: % x", b[max(0, len(b)-8):])
			}
			for _, cmd := range []string{"ESC &", "GS ( k"} {
				if w.cmds[cmd] == 0 {
					t.Errorf("no %s in the probe page", cmd)
				}
			}
			if got, want := w.cmds["ESC %"], 2; got != want {
				t.Errorf("ESC %% %d times, want %d (on, off)", got, want)
			}
			if got, want := w.udc, 1; got != want {
				t.Errorf("%d user-defined characters, want %d", got, want)
			}
			if len(w.qr) != 1 || w.qr[0] != ProbeNativeQR {
				t.Errorf("GS ( k data %q, want [%q]", w.qr, ProbeNativeQR)
			}
			for _, pc := range ProbeCodePages() {
				if !w.pages[pc.Page] {
					t.Errorf("ESC t %d (%s) never selected", pc.Page, pc.Charset)
				}
			}
			checkProbeOrder(t, b, w)
			checkProbeText(t, w, dots)
		})
	}
}

// checkProbeOrder: the label before each command, an ESC @ between the
// command and the next label. Commands are found by walk (raster data
// may hold any byte); labels are long ASCII strings.
func checkProbeOrder(t *testing.T, b []byte, w walked) {
	t.Helper()
	steps := []struct {
		label, cmd, next string
	}{
		{"3. If a QR code appears below", "GS ( k", "4. QR as an image"},
		{"5. User-defined characters", "ESC &", "6. Pick the profile"},
		{"7. If the paper is cut below", "GS V", ""},
	}
	for _, s := range steps {
		l := bytes.Index(b, []byte(s.label))
		if l < 0 || len(w.at[s.cmd]) == 0 {
			t.Errorf("label %q at %d, %s at %v", s.label, l, s.cmd, w.at[s.cmd])
			continue
		}
		first, last := w.at[s.cmd][0], w.at[s.cmd][len(w.at[s.cmd])-1]
		if l > first {
			t.Errorf("label %q at %d after %s at %d: want the label first", s.label, l, s.cmd, first)
		}
		if s.next == "" {
			continue
		}
		n := bytes.Index(b, []byte(s.next))
		reset := false
		for _, r := range w.at["ESC @"] {
			reset = reset || (r > last && r < n)
		}
		if n < 0 || !reset {
			t.Errorf("no ESC @ between %s (at %d) and label %q (at %d)", s.cmd, last, s.next, n)
		}
	}
	for _, pc := range ProbeCodePages() {
		label := fmt.Sprintf("ESC t %d (%s):", pc.Page, pc.Charset)
		l := bytes.Index(b, []byte(label))
		found := false
		for _, at := range w.at["ESC t"] {
			found = found || (at > l && b[at+2] == byte(pc.Page))
		}
		if l < 0 || !found {
			t.Errorf("label %q at %d: no ESC t %d after it", label, l, pc.Page)
		}
	}
	// A printer without GS ( k prints its bytes; the length byte of the
	// stored data must not be a command.
	for _, at := range w.at["GS ( k"] {
		if pl := b[at+3]; b[at+6] == 80 && (pl < 0x20 || pl > 0x7E) {
			t.Errorf("GS ( k fn 180 pL = %#x: a control byte", pl)
		}
	}
}

// checkProbeText: every line in the printer's font is ASCII, except the
// code page samples.
func checkProbeText(t *testing.T, w walked, dots int) {
	t.Helper()
	samples := map[string]bool{}
	for _, pc := range ProbeCodePages() {
		cs, _ := LookupCharset(pc.Charset)
		for _, s := range pageSample(cs) {
			for _, part := range wrap(s, dots/fontAWidth) {
				samples[part] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, l := range w.lines {
		if isASCII(l) {
			continue
		}
		if !samples[l] {
			t.Errorf("line %q in the printer's font is neither ASCII nor a code page sample", l)
		}
		seen[l] = true
	}
	starts := 0
	for l := range seen {
		if strings.HasPrefix(l, "Tiếng Việt: ă â đ ê ô ơ ư") {
			starts++
		}
	}
	if starts == 0 {
		t.Errorf("no code page line starts the Vietnamese sample: %q", w.lines)
	}
}
