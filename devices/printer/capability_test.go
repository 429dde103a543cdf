package printer_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
)

// TestOpen_unsupportedStrategy: a strategy the profile's printer cannot
// run is refused when the printer is opened, before any byte is written.
func TestOpen_unsupportedStrategy(t *testing.T) {
	tests := []struct {
		profile string
		s       escpos.Strategy
		wantErr error
	}{
		{"generic-80mm", escpos.StrategyUserChars, escpos.ErrUnsupported},
		{"generic-58mm", escpos.StrategyUserChars, escpos.ErrUnsupported},
		{"generic-80mm", "magic", escpos.ErrUnknownStrategy},
		{"epson-tm-t82", escpos.StrategyUserChars, nil},
		{"generic-80mm", escpos.StrategyRaster, nil},
	}
	for _, tt := range tests {
		t.Run(tt.profile+"/"+string(tt.s), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.bin")
			p, err := printer.Open("file:"+path, printer.Config{Profile: tt.profile, Strategy: tt.s})
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				p.Close()
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open = %v, want %v", err, tt.wantErr)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("refused printer wrote %s (stat: %v)", path, err)
			}
		})
	}
}

// TestPrinter_Print_unsupported: a Printer made with New and a strategy
// its profile cannot run refuses every ticket before the line is used,
// and says why in the log.
func TestPrinter_Print_unsupported(t *testing.T) {
	var logBuf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	prof, err := escpos.LookupProfile("generic-80mm")
	if err != nil {
		t.Fatal(err)
	}
	p := printer.New(nil, prof, escpos.StrategyUserChars, printer.Options{Logger: log})
	defer p.Close()
	err = p.Print(context.Background(), escpos.ReferenceTicket())
	if !errors.Is(err, escpos.ErrUnsupported) {
		t.Fatalf("Print = %v, want ErrUnsupported", err)
	}
	if errors.Is(err, devices.ErrDisconnected) {
		t.Errorf("Print reached the (missing) line: %v", err)
	}
	if !strings.Contains(logBuf.String(), "not supported") {
		t.Errorf("log lacks the reason:\n%s", logBuf.String())
	}
	if got, want := printer.ErrorText(err, "vi"), "Máy in loại generic-80mm không có ký tự tự định nghĩa (ESC &)"; !strings.HasPrefix(got, want) {
		t.Errorf("ErrorText = %q, want it to start with %q", got, want)
	}
}

// TestPrinter_PrintTestPage_file prints the test page with the profile's
// own strategy: exactly what escpos.EncodeTestPage gives for it.
func TestPrinter_PrintTestPage_file(t *testing.T) {
	for _, name := range []string{"generic-58mm", "epson-tm-t82", "xprinter-xp-58"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "page.bin")
			p, err := printer.Open("file:"+path, printer.Config{Profile: name})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			if got, want := p.Strategy(), p.Profile().DefaultStrategy(); got != want {
				t.Errorf("Strategy() = %s, want the profile's %s", got, want)
			}
			tp := escpos.TestPage{Office: "UBND XÃ TÂN HÒA", Time: "08:15 12/05/2025"}
			if err := p.PrintTestPage(context.Background(), tp); err != nil {
				t.Fatalf("PrintTestPage: %v", err)
			}
			want, err := escpos.EncodeTestPage(tp, p.Profile(), "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("file holds %d bytes, want the %d-byte test page", len(got), len(want))
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	unsupported := &escpos.UnsupportedError{Profile: "generic-58mm", Strategy: escpos.StrategyUserChars, Feature: escpos.FeatureUserDefinedChars}
	tests := []struct {
		name string
		err  error
		lang string
		want string
	}{
		{"nil", nil, "vi", ""},
		{"paper end", &devices.StatusError{Status: devices.Status{PaperEnd: true}, Op: "print"}, "vi", "Máy in hết giấy"},
		{"disconnected", devices.ErrDisconnected, "en", "Printer disconnected"},
		{"unsupported vi", unsupported, "vi", "Máy in loại generic-58mm không có ký tự tự định nghĩa (ESC &): hãy chọn đúng loại máy in hoặc cách in chữ khác."},
		{"unsupported en, wrapped", errors.Join(errors.New("open printer"), unsupported), "en", "The generic-58mm printer has no user-defined characters (ESC &): choose the right printer type or another text strategy."},
		{"unknown profile", escpos.ErrUnknownProfile, "vi", "Không có loại máy in này: hãy chọn lại loại máy in."},
		{"other", errors.New("boom"), "vi", "Không in được: hãy kiểm tra máy in."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printer.ErrorText(tt.err, tt.lang); got != tt.want {
				t.Errorf("ErrorText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPrinter_PrintProbePage_file prints the installer's probe page on a
// profile without native QR, user-defined characters or cutter: it still
// holds every feature's command (that is its purpose), at the profile's
// width or the one asked for.
func TestPrinter_PrintProbePage_file(t *testing.T) {
	for _, dots := range []int{0, escpos.Dots80mm} {
		path := filepath.Join(t.TempDir(), "probe.bin")
		p, err := printer.Open("file:"+path, printer.Config{Profile: "generic-58mm"})
		if err != nil {
			t.Fatal(err)
		}
		tp := escpos.TestPage{Office: "UBND XÃ TÂN HÒA"}
		if err := p.PrintProbePage(context.Background(), tp, dots); err != nil {
			t.Fatalf("PrintProbePage(%d): %v", dots, err)
		}
		p.Close()
		wantDots := dots
		if dots == 0 {
			wantDots = escpos.Dots58mm
		}
		want, err := escpos.EncodeProbePage(tp, wantDots)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("dots %d: file holds %d bytes, want the %d-byte probe page for %d dots", dots, len(got), len(want), wantDots)
		}
	}
	p, err := printer.Open("file:"+filepath.Join(t.TempDir(), "x.bin"), printer.Config{Profile: "generic-80mm"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.PrintProbePage(context.Background(), escpos.TestPage{}, 100); err == nil {
		t.Error("PrintProbePage with 100 dots succeeded")
	}
}
