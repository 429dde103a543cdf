//go:build ci

package desk

import (
	"context"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

var bookingShots = flag.String("booking-shots", "", "write the booking screen's screenshots into this directory (docs/screenshots)")

func shootBooking(t *testing.T, d *Desk, what, lang string) {
	t.Helper()
	if *bookingShots == "" {
		return
	}
	path := filepath.Join(*bookingShots, "desk-booking-"+what+"-"+lang+".png")
	d.Sync(func() {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, d.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("wrote %s", path)
}

// TestDesk_Booking: the officer opens "Đặt lịch", picks service A and
// tomorrow: 08:00, which the central server and the hub each gave away
// during an outage, shows "Quá 1 chỗ" and cannot be chosen; booking
// without a time, then with a bad phone number, is refused beside the
// field in kiosk/bookings' words and stores nothing; a good number books
// 08:30, shows the code and its spelling to read out, and prints the slip
// with the booking's QR on the desk's printer; a time another desk took
// meanwhile is refused as full; a cancel from the day's list ends the
// booking. Both languages.
func TestDesk_Booking(t *testing.T) {
	for _, tc := range []struct{ lang, over, free, cancelled string }{
		{"vi", "Quá 1 chỗ", "còn 1 chỗ", "Đã hủy"},
		{"en", "Over by 1", "1 free", "Cancelled"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := context.Background()
			o := stafftest.Start(t, stafftest.Config(2))
			r := bookings.DefaultRules()
			every := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
			r.Services = []bookings.ServiceRules{{Service: "A", Slots: []bookings.SlotRule{{Days: every, From: "08:00", To: "11:00", Minutes: 30, PerSlot: 1}}}}
			cfg := o.Hub().Config()
			if err := o.Store.SaveBookingRules(ctx, r, cfg); err != nil {
				t.Fatal(err)
			}
			loc := cfg.Location()
			now := time.Now().In(loc)
			tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc)
			day := tomorrow.Format(time.DateOnly)
			at := func(hm string) time.Time {
				s, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, loc)
				return s
			}
			// The outage: two bookings of 08:00's one place.
			for range 2 {
				code, _ := bookings.NewCode(nil)
				if err := o.Store.AddBooking(ctx, bookings.Booking{Code: code, Service: "A", Day: day, Start: at("08:00"), End: at("08:30"),
					Channel: bookings.ChannelPhone, Phone: "0987654321", Status: bookings.StatusBooked, CreatedAt: now}); err != nil {
					t.Fatal(err)
				}
			}
			d := openDeskLang(t, o, tc.lang)
			d.win.Resize(fyne.NewSize(1200, 800))
			pr := &devices.FakePrinter{}
			d.SetVisitPrinter(pr, func(ref string) string { return "https://motcua.example.vn/t/" + ref })
			shootBooking(t, d, "main", tc.lang) // the "Đặt lịch" key in the header
			var v *bookingScreen
			d.Sync(func() {
				v = d.bk()
				v.open()
			})
			eventually(t, "the services and days are offered", d.Sync, func() bool {
				return v.dlg != nil && len(v.codes) == 1 && len(v.days) == r.WindowDays+1 && v.day.SelectedIndex() == 0
			})
			d.Sync(func() { v.day.SetSelectedIndex(1) })
			eventually(t, "tomorrow's slots show", d.Sync, func() bool { return len(v.slotKeys) == 6 })
			d.Sync(func() {
				if k := v.slotKeys[0]; !strings.Contains(k.Text, tc.over) || !k.Disabled() {
					t.Errorf("08:00 over-booked by the outage: key %q disabled %v", k.Text, k.Disabled())
				}
				if k := v.slotKeys[1]; !strings.Contains(k.Text, "08:30") || !strings.Contains(k.Text, tc.free) || k.Disabled() {
					t.Errorf("08:30: key %q disabled %v", k.Text, k.Disabled())
				}
				test.Tap(v.save)
			})
			d.Sync(func() {
				if !v.slotErr.Visible() {
					t.Error("booking without a time: no sentence beside the time")
				}
				test.Tap(v.slotKeys[1])
				v.phone.SetText("0912")
				test.Tap(v.save)
			})
			eventually(t, "the phone is refused", d.Sync, func() bool { return v.phoneErr.Visible() && !v.save.Disabled() })
			d.Sync(func() {
				if got, want := v.phoneErr.Text, bookings.Message(bookings.ErrPhone, tc.lang); got != want {
					t.Errorf("phone refusal %q, want bookings.Message's %q", got, want)
				}
			})
			shootBooking(t, d, "refused", tc.lang)
			if bs, _ := o.Store.BookingsOn(ctx, day); len(bs) != 2 {
				t.Fatalf("a refused booking stored something: %d bookings", len(bs))
			}
			d.Sync(func() {
				v.phone.SetText("0912 345 678")
				test.Tap(v.save)
			})
			eventually(t, "the code shows", d.Sync, func() bool { return v.booked != nil && v.code.Text != "" })
			var b bookings.Booking
			d.Sync(func() { b = *v.booked })
			stored, err := o.Store.Booking(ctx, b.Code)
			if err != nil || stored.Channel != bookings.ChannelDesk || !stored.Start.Equal(at("08:30")) || stored.Phone != "0912345678" {
				t.Fatalf("stored %+v, %v", stored, err)
			}
			eventually(t, "08:30 shows full and the list has it", d.Sync, func() bool {
				return len(v.slotKeys) == 6 && v.slotKeys[1].Disabled() && len(v.list.Objects) == 3
			})
			d.Sync(func() {
				if got, want := v.code.Text, bookings.FormatCode(b.Code); got != want {
					t.Errorf("code %q, want %q", got, want)
				}
				if !strings.Contains(v.spoken.Text, SpokenCode(b.Code)) || !strings.Contains(v.spoken.Text, "08:15") || !strings.Contains(v.spoken.Text, "08:40") {
					t.Errorf("what to read out: %q", v.spoken.Text)
				}
				if !v.print.Visible() {
					t.Fatal("no print key with a printer")
				}
				test.Tap(v.print)
			})
			eventually(t, "the slip is printed", d.Sync, func() bool { return len(pr.Printed()) == 1 && !v.print.Disabled() })
			shootBooking(t, d, "booked", tc.lang)
			slip := pr.Printed()[0]
			if slip.Number != bookings.FormatCode(b.Code) || slip.QR != "https://motcua.example.vn/b/"+b.Code || !strings.Contains(strings.Join(slip.Lines, "\n"), "08:30") {
				t.Errorf("slip %+v", slip)
			}
			// Another desk takes 09:00 while this one has it chosen.
			d.Sync(func() { test.Tap(v.slotKeys[2]) })
			if _, err := o.Hub().Book(ctx, hub.BookRequest{Service: "A", Start: at("09:00")}); err != nil {
				t.Fatal(err)
			}
			d.Sync(func() { test.Tap(v.save) })
			eventually(t, "the full slot is refused", d.Sync, func() bool { return v.slotErr.Visible() && !v.save.Disabled() })
			d.Sync(func() {
				if got, want := v.slotErr.Text, bookings.Message(bookings.ErrFull, tc.lang); got != want {
					t.Errorf("full slot refusal %q, want %q", got, want)
				}
			})
			// The refusal reloads the day: the other desk's booking shows.
			eventually(t, "a cancel key per open booking", d.Sync, func() bool { return len(v.cancelKeys) == 4 })
			d.Sync(func() {
				// The desk's own booking is the third row; its cancel key asks first.
				test.Tap(v.cancelKeys[2])
				if v.confirm == nil {
					t.Fatal("the cancel key cancelled without asking")
				}
			})
			shootBooking(t, d, "cancel", tc.lang)
			if got, _ := o.Store.Booking(ctx, b.Code); !got.Open() {
				t.Fatalf("cancelled before the officer confirmed: %+v", got)
			}
			d.Sync(func() { v.confirm.Confirm() })
			eventually(t, "the cancel shows in the list", d.Sync, func() bool {
				return strings.Contains(texts(v.list), bookings.FormatCode(b.Code)) && strings.Contains(texts(v.list), tc.cancelled) &&
					len(v.slotKeys) == 6 && !v.slotKeys[1].Disabled()
			})
			shootBooking(t, d, "list", tc.lang)
			if got, _ := o.Store.Booking(ctx, b.Code); got.Status != bookings.StatusCancelled || got.Phone != "" {
				t.Errorf("after the cancel: %+v", got)
			}
			d.Sync(func() { v.dlg.Hide(); v.dlg = nil })
		})
	}
}

// TestDesk_BookingNoPrinter: without a printer the booked code shows and
// no print key does.
func TestDesk_BookingNoPrinter(t *testing.T) {
	ctx := context.Background()
	o := stafftest.Start(t, stafftest.Config(2))
	r := bookings.DefaultRules()
	r.MinLeadHours = 0
	r.Services = []bookings.ServiceRules{{Service: "B", Slots: []bookings.SlotRule{{Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, From: "13:00", To: "14:00", Minutes: 60, PerSlot: 3}}}}
	if err := o.Store.SaveBookingRules(ctx, r, o.Hub().Config()); err != nil {
		t.Fatal(err)
	}
	d := openDeskLang(t, o, "vi")
	var v *bookingScreen
	d.Sync(func() { v = d.bk(); v.open() })
	eventually(t, "days offered", d.Sync, func() bool { return len(v.days) > 1 })
	d.Sync(func() { v.day.SetSelectedIndex(1) })
	eventually(t, "the slot shows", d.Sync, func() bool { return len(v.slotKeys) == 1 })
	d.Sync(func() { test.Tap(v.slotKeys[0]); test.Tap(v.save) })
	eventually(t, "booked", d.Sync, func() bool { return v.booked != nil })
	d.Sync(func() {
		if v.print.Visible() {
			t.Error("a print key without a printer")
		}
		if v.booked.Phone != "" || v.booked.Service != "B" {
			t.Errorf("booked %+v", v.booked)
		}
	})
}

func TestSpokenCode(t *testing.T) {
	if got, want := SpokenCode("K7MQ2PT"), "K 7 M – Q 2 P T"; got != want {
		t.Errorf("SpokenCode = %q, want %q", got, want)
	}
}

func TestBookingSlip(t *testing.T) {
	cfg := queue.DefaultConfig()
	cfg.Office.Name = "UBND xã An Bình"
	loc := cfg.Location()
	start := time.Date(2026, 12, 8, 8, 30, 0, 0, loc)
	b := bookings.Booking{Code: "K7MQ2PT", Service: "A", Day: "2026-12-08", Start: start, End: start.Add(30 * time.Minute)}
	s := BookingSlip(cfg, b, func(ref string) string { return "https://motcua.tinh.gov.vn/t/" + ref }, 15, 10)
	if s.Number != "K7M-Q2PT" || s.QR != "https://motcua.tinh.gov.vn/b/K7MQ2PT" || s.Office != cfg.Office.Name {
		t.Errorf("slip %+v", s)
	}
	if got := strings.Join(s.Lines, "\n"); !strings.Contains(got, "08:15") || !strings.Contains(got, "08:40") || !strings.Contains(got, "08/12/2026") {
		t.Errorf("slip lines %q", got)
	}
	if s := BookingSlip(cfg, b, nil, 15, 10); s.QR != "K7MQ2PT" {
		t.Errorf("no central server: QR %q", s.QR)
	}
}
