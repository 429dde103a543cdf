//go:build integration

package visits

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/escpos/interp"
)

// TestRunList_QRDecodesWithZbar prints a day's run list with the real
// encoder on the 80 mm and 58 mm generic profiles, renders the bytes with
// the ESC/POS interpreter (the virtual printer's), and reads each slip's
// QR with zbarimg: it must be the visit ticket's page, /t/<ref>.
func TestRunList_QRDecodesWithZbar(t *testing.T) {
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("zbarimg (zbar-tools) not installed")
		}
		t.Fatalf("zbarimg missing under CI: %v", err)
	}
	ctx := context.Background()
	o := newOffice(t, time.Date(2026, 12, 7, 9, 0, 0, 0, ict), DefaultRules())
	for _, area := range []string{"Khu vực Bình Thạnh", "Khu vực Bình An"} {
		r := goodRequest()
		r.Area = area
		if _, err := o.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	vs, _ := o.st.VisitsBetween(ctx, "2026-12-17", "2026-12-17", false)
	const base = "https://motcua.longmy.haugiang.gov.vn"
	jobs := RunList(testConfig(), "2026-12-17", vs, func(ref string) string { return base + "/t/" + ref }, o.now)
	want := map[string]string{} // number → URL
	for _, v := range vs {
		want[v.Ticket.Number] = base + "/t/" + v.Ticket.Ref
	}
	for _, name := range []string{"generic-80mm", "generic-58mm"} {
		prof, err := escpos.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs[1:] {
			t.Run(name+"/"+j.Number, func(t *testing.T) {
				stream, err := escpos.EncodeTicket(j, prof, prof.DefaultStrategy())
				if err != nil {
					t.Fatal(err)
				}
				img, _, err := interp.Render(stream, prof)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(t.TempDir(), "slip.png")
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := interp.WritePNG(f, img); err != nil {
					t.Fatal(err)
				}
				f.Close()
				if dir := os.Getenv("VISITS_SLIP_DIR"); dir != "" {
					b, _ := os.ReadFile(path)
					os.WriteFile(filepath.Join(dir, name+"-"+j.Number+".png"), b, 0o644)
				}
				out, err := exec.Command(bin, "--raw", "-q", path).Output()
				if err != nil {
					t.Fatalf("zbarimg found no code: %v", err)
				}
				if got := strings.TrimSpace(string(out)); got != want[j.Number] {
					t.Fatalf("zbarimg read %q, want %q", got, want[j.Number])
				}
			})
		}
	}
}
