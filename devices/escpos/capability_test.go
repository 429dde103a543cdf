package escpos

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestProfile_Commands is the table of every shipped profile × every
// strategy, for the reference ticket and the test page: the stream is
// parsed back and must hold only commands the profile says its printer
// has. A strategy the printer cannot run is refused with ErrUnsupported
// and no bytes. The table's rows are also logged (go test -v) as the
// commands each job sends.
func TestProfile_Commands(t *testing.T) {
	docs := []struct {
		name   string
		encode func(Profile, Strategy) ([]byte, error)
	}{
		{"ticket", func(p Profile, s Strategy) ([]byte, error) { return EncodeTicket(ReferenceTicket(), p, s) }},
		{"testpage", func(p Profile, s Strategy) ([]byte, error) {
			return EncodeTestPage(TestPage{Office: "UBND XÃ TÂN HÒA", Time: "08:15 12/05/2025"}, p, s)
		}},
	}
	names := ProfileNames()
	if len(names) < 10 {
		t.Fatalf("only %d shipped profiles: %v", len(names), names)
	}
	for _, pn := range names {
		p := mustProfile(t, pn)
		for _, s := range Strategies {
			for _, d := range docs {
				t.Run(fmt.Sprintf("%s/%s/%s", pn, s, d.name), func(t *testing.T) {
					b, err := d.encode(p, s)
					if s == StrategyUserChars && !p.UserDefinedChars {
						if !errors.Is(err, ErrUnsupported) || len(b) != 0 {
							t.Fatalf("userchars on a profile without user-defined characters: %d bytes, err %v; want none and ErrUnsupported", len(b), err)
						}
						var ue *UnsupportedError
						if !errors.As(err, &ue) || ue.Feature != FeatureUserDefinedChars || ue.Profile != pn {
							t.Errorf("err = %#v, want an *UnsupportedError for %s on %s", err, FeatureUserDefinedChars, pn)
						}
						t.Logf("refused: %v", err)
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					w, err := walk(b, p)
					if err != nil {
						t.Fatal(err)
					}
					checkCommands(t, p, s, w)
					t.Logf("%s", commandList(w))
				})
			}
		}
	}
}

// checkCommands asserts which commands went out for profile p with
// strategy s: never one the profile lacks, and the ones it has where the
// document needs them.
func checkCommands(t *testing.T, p Profile, s Strategy, w walked) {
	t.Helper()
	has := func(name string) bool { return w.cmds[name] > 0 }
	for page := range w.pages {
		if _, ok := p.CodePages[page]; !ok {
			t.Errorf("ESC t %d: the profile has pages %v", page, slices.Sorted(maps.Keys(p.CodePages)))
		}
	}
	// user-defined characters: ESC & downloads, ESC % selects
	udc := has("ESC &") || has("ESC %")
	switch {
	case udc && !p.UserDefinedChars:
		t.Errorf("ESC & / ESC %% sent to a printer without user-defined characters")
	case udc && s != StrategyUserChars:
		t.Errorf("ESC & / ESC %% sent with strategy %s", s)
	case s == StrategyUserChars && (!has("ESC &") || !has("ESC %")):
		t.Errorf("userchars sent no ESC & / ESC %%: %v", w.cmds)
	}
	// QR: GS ( k natively, else one more raster image
	switch {
	case has("GS ( k") && !p.NativeQR:
		t.Errorf("GS ( k sent to a printer without native QR")
	case p.NativeQR && (len(w.qr) != 1 || !strings.HasPrefix(w.qr[0], "https://")):
		t.Errorf("native QR data %q, want one URL", w.qr)
	case !p.NativeQR && len(w.images) == 0:
		t.Errorf("no native QR and no raster image either")
	}
	// cut: GS V with a cutter, else a feed to the tear bar
	switch {
	case p.Cutter && w.cuts != 1:
		t.Errorf("%d cuts on a printer with a cutter, want 1", w.cuts)
	case !p.Cutter && has("GS V"):
		t.Errorf("GS V sent to a printer without a cutter")
	case !p.Cutter && !has("ESC J"):
		t.Errorf("no feed to the tear bar")
	}
	if s == StrategyRaster && len(w.lines) != 0 {
		t.Errorf("raster strategy printed %d text lines: %q", len(w.lines), w.lines)
	}
}

// commandList is one row of the table: the commands a job sent, counted.
func commandList(w walked) string {
	names := slices.Collect(maps.Keys(w.cmds))
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s×%d", n, w.cmds[n]))
	}
	return strings.Join(parts, " ")
}

// TestProfile_ResolveStrategy: the empty strategy is the profile's
// default, an unknown one is ErrUnknownStrategy, an unsupported one an
// *UnsupportedError.
func TestProfile_ResolveStrategy(t *testing.T) {
	gen := mustProfile(t, "generic-80mm")
	epson := mustProfile(t, "epson-tm-t82")
	tests := []struct {
		name    string
		p       Profile
		s       Strategy
		want    Strategy
		wantErr error
	}{
		{"default", gen, "", StrategyHybrid, nil},
		{"default codepage", epson, "", StrategyCodePage, nil},
		{"userchars with ESC &", epson, StrategyUserChars, StrategyUserChars, nil},
		{"userchars without ESC &", gen, StrategyUserChars, "", ErrUnsupported},
		{"raster anywhere", gen, StrategyRaster, StrategyRaster, nil},
		{"unknown", gen, "magic", "", ErrUnknownStrategy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.ResolveStrategy(tt.s)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestProfile_Validate_defaultStrategy: a profile cannot name as its
// default a strategy its printer cannot run.
func TestProfile_Validate_defaultStrategy(t *testing.T) {
	p := Profile{Name: "x", DotsPerLine: 576, CodePages: map[int]string{0: "cp437"}, Strategy: StrategyUserChars}
	if err := p.Validate(); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Validate = %v, want ErrUnsupported", err)
	}
	p.UserDefinedChars = true
	if err := p.Validate(); err != nil {
		t.Errorf("Validate with user-defined characters = %v", err)
	}
}
