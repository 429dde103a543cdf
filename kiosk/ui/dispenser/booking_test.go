package dispenser

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/checkin"
)

// rigBookings is the kiosk's Bookings over the rig's real hub and store,
// as cmd/kiosk wires it.
type rigBookings struct{ r *rig }

func (b rigBookings) Bookable() bool {
	rules, err := b.r.st.BookingRules(context.Background())
	return err == nil && len(rules.Services) > 0
}

func (b rigBookings) CheckIn(ctx context.Context, text, priority string) (hub.CheckIn, error) {
	return b.r.h.CheckIn(ctx, text, priority)
}

// rigCodes are the rig's bookings by what a check-in at fixedNow gives.
type rigCodes struct{ onTime, early, late, released, used, cancelled, unknown string }

// withBookings makes service A bookable and stores one booking per
// outcome around fixedNow; the home screen is built again with its key.
func (r *rig) withBookings(t *testing.T) rigCodes {
	t.Helper()
	ctx := context.Background()
	rules := bookings.DefaultRules()
	rules.Services = []bookings.ServiceRules{{Service: "A", Slots: []bookings.SlotRule{
		{Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, From: "07:30", To: "11:00", Minutes: 30, PerSlot: 2}}}}
	if err := r.st.SaveBookingRules(ctx, rules, r.h.Config()); err != nil {
		t.Fatal(err)
	}
	cfg := r.h.Config()
	loc := cfg.Location()
	var c rigCodes
	add := func(start time.Time, status bookings.Status) string {
		code, err := bookings.NewCode(nil)
		if err != nil {
			t.Fatal(err)
		}
		b := bookings.Booking{Code: code, Service: "A", Day: start.In(loc).Format(time.DateOnly),
			Start: start, End: start.Add(30 * time.Minute), Channel: bookings.ChannelDesk, Status: bookings.StatusBooked, CreatedAt: fixedNow.AddDate(0, 0, -1)}
		if status != bookings.StatusBooked {
			b.Close(status, fixedNow.Add(-time.Hour))
		}
		if err := r.st.AddBooking(ctx, b); err != nil {
			t.Fatal(err)
		}
		return code
	}
	c.onTime = add(fixedNow.Add(5*time.Minute), bookings.StatusBooked)
	c.early = add(fixedNow.Add(2*time.Hour), bookings.StatusBooked)
	c.late = add(fixedNow.Add(-30*time.Minute), bookings.StatusBooked)
	c.released = add(fixedNow.Add(-time.Hour), bookings.StatusReleased)
	c.used = add(fixedNow.Add(-time.Hour), bookings.StatusCheckedIn)
	c.cancelled = add(fixedNow.Add(time.Hour), bookings.StatusCancelled)
	var err error
	if c.unknown, err = bookings.NewCode(nil); err != nil {
		t.Fatal(err)
	}
	ui.Locked(func() {
		r.d.o.Bookings = rigBookings{r}
		r.d.home.screen = nil
		r.d.Home()
		r.w.SetContent(container.NewThemeOverride(r.d.Content(), ui.Theme{}))
	})
	r.settle()
	return c
}

func (r *rig) checkInPage() checkin.Page {
	if s := r.d.CheckIn(); s != nil {
		return s.Page()
	}
	return ""
}

// typeCode opens the check-in from the home key and types code on its
// keyboard, as a citizen would, then presses OK.
func (r *rig) typeCode(t *testing.T, code string) {
	t.Helper()
	if r.d.CheckInButton() == nil {
		t.Fatal("no 'Tôi đã đặt lịch hẹn' on the home screen")
	}
	tap(r.d.CheckInButton())
	r.settle()
	ui.Locked(func() {
		if r.d.Screen() != ScreenCheckIn || r.checkInPage() != checkin.PageEnter {
			t.Fatalf("after the key: screen %q page %q, want the check-in's keyboard", r.d.Screen(), r.checkInPage())
		}
		k := r.d.CheckIn().Keyboard()
		k.Type(bookings.FormatCode(code))
		test.Tap(k.Key("OK"))
	})
}

// TestDispenser_CheckIn is issue 14's check-in at the kiosk in both
// languages and orientations: on time gives the booked ticket, on screen
// and on paper marked "Phiếu đặt lịch hẹn"; early says from when check-in
// opens and issues nothing; late says why and gives a normal ticket in
// one tap; an unknown code is said beside the field. With -screenshots
// each screen is kept as dispenser-checkin-CASE-ORIENT-LANG.png.
func TestDispenser_CheckIn(t *testing.T) {
	for _, o := range []struct {
		name string
		size fyne.Size
	}{{"portrait", portrait}, {"landscape", landscape}} {
		for _, lang := range []ui.Lang{ui.LangVI, ui.LangEN} {
			t.Run(o.name+"-"+string(lang), func(t *testing.T) {
				r := newRig(t, openConfig(0), o.size)
				r.live(t)
				codes := r.withBookings(t)
				tr := ui.Tr{Lang: lang}
				shot := func(what string) { r.capture(t, "dispenser-checkin-"+what+"-"+o.name+"-"+string(lang)) }
				start := func() {
					ui.Locked(r.d.Home)
					r.settle()
					tap(r.d.LangButton(lang))
					r.settle()
				}
				start()
				ui.Locked(func() {
					if got, want := r.d.CheckInButton().Title, tr.L("home.checkin"); got != want {
						t.Errorf("home key %q, want %q", got, want)
					}
				})
				shot("home")

				// Unknown: the sentence beside the field, the code kept.
				r.typeCode(t, codes.unknown)
				waitFor(t, "the unknown code's answer", func() bool {
					return r.checkInPage() == checkin.PageEnter && r.d.CheckIn().Answer().Outcome != ""
				})
				ui.Locked(func() {
					s := r.d.CheckIn()
					if got, want := s.Answer().Outcome, string(bookings.OutcomeUnknown); got != want {
						t.Errorf("unknown code: outcome %q, want %q", got, want)
					}
					want := "Không tìm thấy lịch hẹn"
					if lang == ui.LangEN {
						want = "No booking has this code"
					}
					if !strings.Contains(s.Message(), want) {
						t.Errorf("unknown code says %q, want %q", s.Message(), want)
					}
					if got := s.Keyboard().Value(); got != bookings.FormatCode(codes.unknown) {
						t.Errorf("field holds %q after the refusal, want the code typed", got)
					}
				})
				shot("unknown")
				ui.Locked(r.d.Home)
				r.settle()

				// Early: from when, and no ticket.
				start()
				r.typeCode(t, codes.early)
				waitFor(t, "the early page", func() bool { return r.checkInPage() == checkin.PageEarly })
				cfg := r.h.Config()
				opens := fixedNow.Add(2*time.Hour - 15*time.Minute).In(cfg.Location()).Format("15:04")
				ui.Locked(func() {
					if m := r.d.CheckIn().Message(); !strings.Contains(m, opens) {
						t.Errorf("early says %q, want the window's start %s", m, opens)
					}
				})
				if n := r.issued(t, "A"); n != 0 {
					t.Errorf("%d tickets issued for an early check-in", n)
				}
				shot("early")
				tap(r.d.CheckIn().BackKey())
				ui.Locked(func() {
					if r.d.Screen() != ScreenHome {
						t.Errorf("early page's key: screen %q, want home", r.d.Screen())
					}
				})
				r.settle()

				// On time: the booked ticket, on screen and on paper.
				start()
				r.typeCode(t, codes.onTime)
				waitFor(t, "the booked ticket printed", func() bool { return r.d.Screen() == ScreenTicket && r.d.PrintState() == "printed" })
				ui.Locked(func() {
					if tk := r.d.Issued().Ticket; !tk.Booked() {
						t.Errorf("ticket %s is not a booked one", tk.Number)
					}
					if got, want := r.d.ticketUI.heading.Text, tr.L("ticket.booked"); got != want {
						t.Errorf("ticket screen heading %q, want %q", got, want)
					}
				})
				printed := r.p.Printed()
				if len(printed) != 1 || printed[0].Heading != tr.L("ticket.booked") {
					t.Fatalf("printed %+v, want one ticket headed %q", printed, tr.L("ticket.booked"))
				}
				r.settle()
				shot("booked")

				// Late: why, then a normal ticket in one tap.
				start()
				r.typeCode(t, codes.late)
				waitFor(t, "the late page", func() bool { return r.checkInPage() == checkin.PageLate })
				ui.Locked(func() {
					want := "muộn hơn 10 phút"
					if lang == ui.LangEN {
						want = "more than 10 minutes past"
					}
					if m := r.d.CheckIn().Message(); !strings.Contains(m, want) {
						t.Errorf("late says %q, want %q", m, want)
					}
				})
				shot("late")
				r.settle()
				tap(r.d.CheckIn().NormalKey())
				waitFor(t, "the normal ticket printed", func() bool { return r.d.Screen() == ScreenTicket && r.d.PrintState() == "printed" })
				ui.Locked(func() {
					if tk := r.d.Issued().Ticket; tk.Booked() || tk.Service != "A" {
						t.Errorf("late: ticket %+v, want a normal one in A", tk)
					}
					if got, want := r.d.ticketUI.heading.Text, tr.L("ticket.heading"); got != want {
						t.Errorf("normal ticket's heading %q, want %q", got, want)
					}
				})
				if p := r.p.Printed(); len(p) != 2 || p[1].Heading != tr.L("ticket.heading_paper") {
					t.Errorf("the late citizen's paper is headed %q, want %q", p[len(p)-1].Heading, tr.L("ticket.heading_paper"))
				}
			})
		}
	}
}

// TestDispenser_CheckInScan: a booking's QR (the central server's "/b/"
// page, or the bare code) scanned on the home screen checks in at once;
// a used or cancelled one says so beside the field; a ticket's own QR and
// a dossier code are not taken for bookings; with no bookable service
// there is no key and a scan does nothing.
func TestDispenser_CheckInScan(t *testing.T) {
	r := newRig(t, openConfig(0), portrait)
	r.live(t)
	r.s.CentralURL = "https://motcua.example.gov.vn"
	ui.Locked(func() {
		if r.d.CheckInButton() != nil {
			t.Error("a check-in key without bookings")
		}
		r.d.ScannedCode("K7MQ2PT")
		if r.d.Screen() != ScreenHome {
			t.Errorf("scan without bookings: screen %q, want home", r.d.Screen())
		}
	})
	codes := r.withBookings(t)
	ui.Locked(func() {
		for _, c := range []string{r.s.TicketURL("k7Qx2"), readyDossier, "hello"} {
			r.d.ScannedCode(c)
			if r.d.Screen() != ScreenHome {
				t.Errorf("%q scanned at home: screen %q, want home (no dossier source, no booking)", c, r.d.Screen())
			}
		}
	})
	for _, c := range []struct {
		code, outcome string
	}{{codes.used, string(bookings.OutcomeUsed)}, {codes.cancelled, string(bookings.OutcomeCancelled)}} {
		ui.Locked(func() { r.d.ScannedCode(bookings.QRPayload(r.s.CentralURL, c.code) + "\r\n") })
		waitFor(t, c.outcome, func() bool { return r.d.CheckIn() != nil && r.d.CheckIn().Answer().Outcome == c.outcome })
		ui.Locked(func() {
			if r.checkInPage() != checkin.PageEnter || r.d.CheckIn().Message() == "" {
				t.Errorf("%s: page %q message %q, want the sentence beside the field", c.outcome, r.checkInPage(), r.d.CheckIn().Message())
			}
		})
		r.capture(t, "dispenser-checkin-"+c.outcome+"-portrait-vi")
		ui.Locked(r.d.Home)
		r.settle()
	}
	// Released (its window passed before the citizen came): why, and the
	// normal ticket offered, as for a late one.
	ui.Locked(func() { r.d.ScannedCode(codes.released) })
	waitFor(t, "the released booking's page", func() bool { return r.checkInPage() == checkin.PageLate })
	ui.Locked(func() {
		if r.d.CheckIn().NormalKey() == nil || !strings.Contains(r.d.CheckIn().Message(), "hết hiệu lực") {
			t.Errorf("released: %q, key %v; want why and 'Lấy số thường'", r.d.CheckIn().Message(), r.d.CheckIn().NormalKey() != nil)
		}
		r.d.Home()
	})
	r.settle()

	// The priority chosen on the home screen goes with the booked ticket.
	tap(r.d.PriorityButton("elderly"))
	ui.Locked(func() { r.d.ScannedCode(strings.ToLower(bookings.FormatCode(codes.onTime))) })
	waitFor(t, "the booked ticket", func() bool { return r.d.Screen() == ScreenTicket })
	ui.Locked(func() {
		if tk := r.d.Issued().Ticket; !tk.Booked() || tk.Priority != "elderly" {
			t.Errorf("the scanned booking gave %+v, want a booked ticket with the elderly priority", tk)
		}
	})
}

// TestDispenser_CheckInIdle: a check-in left on its keyboard goes home,
// in the default language, for the next citizen.
func TestDispenser_CheckInIdle(t *testing.T) {
	r := newRig(t, openConfig(0), landscape)
	r.withBookings(t)
	tap(r.d.LangButton(ui.LangEN))
	r.settle()
	tap(r.d.CheckInButton())
	ui.Locked(func() {
		if r.d.Screen() != ScreenCheckIn {
			t.Fatalf("screen %q, want the check-in", r.d.Screen())
		}
	})
	r.clock.Advance(2*checkin.DefaultIdle + time.Second)
	ui.Locked(func() {
		if r.d.Screen() != ScreenHome || r.d.Lang() != ui.LangVI {
			t.Errorf("idle check-in: screen %q lang %q, want home in Vietnamese", r.d.Screen(), r.d.Lang())
		}
	})
}
