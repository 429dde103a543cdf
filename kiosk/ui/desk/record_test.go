//go:build ci

package desk

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
)

// TestDesk_RecordDossier: the officer receives a dossier from the desk
// (a wrong code and a wrong date get their sentences first), sees the
// secret and the slip's QR, finds it attached to the ticket being served;
// then moves it to "ready" from the other dialog. The hub keeps both, for
// the syncer to carry. Both languages.
func TestDesk_RecordDossier(t *testing.T) {
	for _, tc := range []struct {
		lang, badDate, done, moved string
		ready                      int
	}{
		{"vi", "không phải là ngày", "Đã tiếp nhận hồ sơ", "Đã cập nhật hồ sơ", 4},
		{"en", "is not a date", "received", "updated", 4},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := context.Background()
			o := stafftest.Start(t, stafftest.Config(2))
			if err := o.Store.SetMeta(ctx, "sync.url", "https://motcua.example.gov.vn"); err != nil {
				t.Fatal(err)
			}
			d := openDeskLang(t, o, tc.lang)
			o.Issue("A", 1)
			d.Sync(func() { test.Tap(d.callBtn) })
			eventually(t, "a ticket is called", d.Sync, func() bool {
				return d.m.current != nil && d.dos.attachRow.Visible() && !d.dos.recordBtn.Disabled()
			})
			d.Sync(func() { test.Tap(d.dos.recordBtn) })
			var f *recordForm
			d.Sync(func() { f = d.dos.rec })
			if f == nil {
				t.Fatal("no record dialog")
			}
			code := "000.00.13.H12-" + time.Now().Format("060102") + "-0042"
			due := time.Now().AddDate(0, 0, 5)
			var msg string
			d.Sync(func() {
				f.code.SetText("000.00.13.H12-260231-0042")
				f.name.SetText("Đăng ký khai sinh")
				test.Tap(f.ok)
				msg = f.msg.Text
			})
			if !strings.Contains(msg, "31/02/2026") {
				t.Errorf("impossible date in the code: %q", msg)
			}
			d.Sync(func() {
				f.code.SetText(code)
				f.due.SetText("31/11/2026")
				test.Tap(f.ok)
				msg = f.msg.Text
			})
			if !strings.Contains(msg, tc.badDate) {
				t.Errorf("a wrong promised date: %q", msg)
			}
			d.Sync(func() {
				f.due.SetText(due.Format("2/1/2006"))
				f.proc.SetText("1.001193")
				test.Tap(f.ok)
			})
			eventually(t, "the secret shows", d.Sync, func() bool { return f.result.Visible() })
			d.Sync(func() { msg = f.msg.Text })
			if !strings.Contains(msg, tc.done) || len(f.secret.Text) != 16 {
				t.Errorf("after recording: %q, secret %q", msg, f.secret.Text)
			}
			shoot(t, d, "record", tc.lang)
			kept, err := o.Store.Dossier(ctx, code)
			if err != nil || kept.Secret != f.secret.Text || kept.ProcedureName != "Đăng ký khai sinh" || kept.DueAt == nil ||
				kept.DueAt.In(d.m.zone).Format("02/01/2006 15:04") != due.Format("02/01/2006")+" 00:00" {
				t.Fatalf("the hub keeps %+v (%v)", kept, err)
			}
			d.Sync(func() {
				if len(d.dos.codes) != 1 || d.dos.codes[0] != code {
					t.Errorf("attached to the ticket: %v", d.dos.codes)
				}
			})
			// Close it and move the dossier to "ready".
			d.Sync(func() {
				d.dos.rec.dlg.Hide()
				d.dos.rec = nil
				test.Tap(d.dos.moveBtn)
			})
			var mf *moveForm
			d.Sync(func() { mf = d.dos.mv })
			if mf == nil {
				t.Fatal("no move dialog")
			}
			d.Sync(func() {
				if mf.code.Text != code {
					t.Errorf("the move dialog starts with %q, want the ticket's dossier", mf.code.Text)
				}
				mf.state.SetSelectedIndex(tc.ready)
				mf.step.SetText("Trả kết quả")
				mf.unit.SetText("Bộ phận Một cửa")
				test.Tap(mf.ok)
			})
			eventually(t, "the step is recorded", d.Sync, func() bool { return strings.Contains(mf.msg.Text, tc.moved) })
			shoot(t, d, "move", tc.lang)
			if kept, err := o.Store.Dossier(ctx, code); err != nil || kept.State != wire.DossierReady || kept.Step != "Trả kết quả" {
				t.Errorf("after the move the hub keeps %+v (%v)", kept, err)
			}
			evs, _ := o.Store.Outbox(ctx, 0, 10000)
			var kinds []string
			for _, e := range evs {
				if strings.HasPrefix(e.Kind, "dossier.") {
					kinds = append(kinds, e.Kind)
				}
			}
			if strings.Join(kinds, " ") != "dossier.received dossier.attached dossier.step" {
				t.Errorf("outbox dossier events %v", kinds)
			}
		})
	}
}
