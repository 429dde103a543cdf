package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/backup"
	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

func init() {
	register("bookings", "appointments: 'bookings rules [FILE]' (show or set the rules, JSON), 'bookings list [--day D]', 'bookings add --service A --at \"YYYY-MM-DD HH:MM\" [--phone P]', 'bookings cancel CODE', 'bookings check-in CODE' (through the hub)", func(ctx context.Context, args []string) error {
		return runBookings(ctx, args, os.Stdout)
	})
}

func runBookings(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("bookings: rules, list, add, cancel or check-in: %w", errUsage)
	}
	switch args[0] {
	case "rules":
		return runBookingsRules(ctx, args[1:], out)
	case "list":
		return runBookingsList(ctx, args[1:], out)
	case "add":
		return runBookingsAdd(ctx, args[1:], out)
	case "cancel":
		return runBookingsCancel(ctx, args[1:], out)
	case "check-in":
		return runBookingsCheckIn(ctx, args[1:], out)
	}
	return fmt.Errorf("bookings: unknown %q (rules, list, add, cancel, check-in): %w", args[0], errUsage)
}

// openOfficeStore opens the data directory's office database for a
// command that runs beside the hub (SQLite lets both write), refusing a
// database an older program made: the hub upgrades it, with its backup.
func openOfficeStore(name, data string) (*store.Store, error) {
	db := filepath.Join(data, backup.DBName)
	have, err := store.FileSchema(db)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	case have > 0 && have < store.LatestSchema():
		return nil, fmt.Errorf("%s: %s is from an older program (schema %d): start the hub once so that it upgrades it, with its backup", name, db, have)
	}
	st, err := store.Open(db)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return st, nil
}

// deskFor is a bookings desk over the data directory's store, its rules
// and its office configuration.
func deskFor(ctx context.Context, name string, st *store.Store) (*bookings.Desk, error) {
	cfg, err := st.Config(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	r, err := st.BookingRules(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d, err := bookings.NewDesk(st, cfg, r, time.Now)
	if err != nil {
		return nil, fmt.Errorf("%s: stored rules: %w", name, err)
	}
	return d, nil
}

// runBookingsRules prints the stored booking rules as JSON, or with FILE
// checks it whole against the office configuration and stores it.
func runBookingsRules(ctx context.Context, args []string, out io.Writer) error {
	fl := newFlags("bookings rules")
	data := fl.String("data", defaultDataDir(), "data directory of the hub")
	pos, err := parseInterleaved(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("bookings rules: at most one FILE: %w", errUsage)
	}
	st, err := openOfficeStore("bookings rules", *data)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(pos) == 0 {
		r, err := st.BookingRules(ctx)
		if err != nil {
			return fmt.Errorf("bookings rules: %w", err)
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("bookings rules: %w", err)
	}
	r := bookings.DefaultRules()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return fmt.Errorf("bookings rules %s: %w", pos[0], err)
	}
	cfg, err := st.Config(ctx)
	if err != nil {
		return fmt.Errorf("bookings rules: %w", err)
	}
	if err := st.SaveBookingRules(ctx, r, cfg); err != nil {
		return fmt.Errorf("bookings rules %s: %w", pos[0], err)
	}
	places := 0
	for _, s := range r.Services {
		for _, sl := range s.Slots {
			from, _ := time.Parse("15:04", sl.From)
			to, _ := time.Parse("15:04", sl.To)
			places += int(to.Sub(from).Minutes()) / sl.Minutes * sl.PerSlot * len(sl.Days)
		}
	}
	fmt.Fprintf(out, "Đã lưu quy định đặt hẹn: %d lĩnh vực, %d chỗ hẹn mỗi tuần, đặt trước tối đa %d ngày.\n", len(r.Services), places, r.WindowDays)
	fmt.Fprintf(out, "Saved the booking rules: %d services, %d places a week, up to %d days ahead.\n", len(r.Services), places, r.WindowDays)
	return nil
}

// maskPhone shows enough of a number for an officer to match a caller.
func maskPhone(p string) string {
	if len(p) < 7 {
		return p
	}
	return p[:3] + strings.Repeat("*", len(p)-6) + p[len(p)-3:]
}

func runBookingsList(ctx context.Context, args []string, out io.Writer) error {
	fl := newFlags("bookings list")
	data := fl.String("data", defaultDataDir(), "data directory of the hub")
	day := fl.String("day", "", "office-local date YYYY-MM-DD (default: today)")
	if err := parse(fl, args); err != nil {
		return err
	}
	st, err := openOfficeStore("bookings list", *data)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := st.Config(ctx)
	if err != nil {
		return fmt.Errorf("bookings list: %w", err)
	}
	loc := cfg.Location()
	if *day == "" {
		*day = time.Now().In(loc).Format(time.DateOnly)
	}
	if _, err := time.Parse(time.DateOnly, *day); err != nil {
		return fmt.Errorf("bookings list: --day %q is not YYYY-MM-DD: %w", *day, errUsage)
	}
	bs, err := st.BookingsOn(ctx, *day)
	if err != nil {
		return fmt.Errorf("bookings list: %w", err)
	}
	if len(bs) == 0 {
		fmt.Fprintf(out, "Không có lịch hẹn ngày %s. / No bookings on %s.\n", *day, *day)
	}
	for _, b := range bs {
		fmt.Fprintf(out, "%s  %s %s–%s  %s  %-10s  %-5s  %s\n", bookings.FormatCode(b.Code), b.Day, b.Start.In(loc).Format("15:04"),
			b.End.In(loc).Format("15:04"), b.Service, b.Status, b.Channel, maskPhone(b.Phone))
	}
	return nil
}

// runBookingsAdd books a slot for a citizen who phoned (the desk channel).
func runBookingsAdd(ctx context.Context, args []string, out io.Writer) error {
	fl := newFlags("bookings add")
	data := fl.String("data", defaultDataDir(), "data directory of the hub")
	service := fl.String("service", "", "service code, e.g. A")
	at := fl.String("at", "", "the slot's start in the office's time, \"YYYY-MM-DD HH:MM\"")
	phone := fl.String("phone", "", "the citizen's phone number (optional; erased when the booking ends)")
	central := fl.String("central", "https://motcua.example.gov.vn", "central server address the QR points at")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *service == "" || *at == "" {
		return fmt.Errorf("bookings add: --service and --at are needed: %w", errUsage)
	}
	st, err := openOfficeStore("bookings add", *data)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := deskFor(ctx, "bookings add", st)
	if err != nil {
		return err
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(*at), d.Location())
	if err != nil {
		return fmt.Errorf("bookings add: --at %q is not \"YYYY-MM-DD HH:MM\": %w", *at, errUsage)
	}
	b, err := d.Book(ctx, bookings.Request{Service: strings.ToUpper(*service), Start: start, Phone: *phone, Channel: bookings.ChannelDesk})
	if err != nil {
		return fmt.Errorf("bookings add: %s / %s: %w", bookings.Message(err, "vi"), bookings.Message(err, "en"), err)
	}
	from, until := d.Rules().Window(b.Start)
	loc := d.Location()
	fmt.Fprintf(out, "Mã hẹn %s: lĩnh vực %s, %s lúc %s; xác nhận tại máy lấy số từ %s đến %s.\n", bookings.FormatCode(b.Code), b.Service,
		b.Start.In(loc).Format("02/01/2006"), b.Start.In(loc).Format("15:04"), from.In(loc).Format("15:04"), until.In(loc).Format("15:04"))
	fmt.Fprintf(out, "Booking %s: service %s, %s at %s; check in at the kiosk from %s to %s.\n", bookings.FormatCode(b.Code), b.Service,
		b.Start.In(loc).Format("2006-01-02"), b.Start.In(loc).Format("15:04"), from.In(loc).Format("15:04"), until.In(loc).Format("15:04"))
	fmt.Fprintf(out, "QR: %s\n", bookings.QRPayload(*central, b.Code))
	return nil
}

func runBookingsCancel(ctx context.Context, args []string, out io.Writer) error {
	fl := newFlags("bookings cancel")
	data := fl.String("data", defaultDataDir(), "data directory of the hub")
	pos, err := parseInterleaved(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("bookings cancel: one CODE: %w", errUsage)
	}
	st, err := openOfficeStore("bookings cancel", *data)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := deskFor(ctx, "bookings cancel", st)
	if err != nil {
		return err
	}
	b, err := d.Cancel(ctx, pos[0])
	if err != nil {
		return fmt.Errorf("bookings cancel: %s / %s: %w", bookings.Message(err, "vi"), bookings.Message(err, "en"), err)
	}
	fmt.Fprintf(out, "Đã huỷ lịch hẹn %s; chỗ được trả lại. / Cancelled booking %s; its place is free again.\n", bookings.FormatCode(b.Code), bookings.FormatCode(b.Code))
	return nil
}

// runBookingsCheckIn checks a booking in through the hub, which holds
// the queue: the ticket it gives is called like any other.
func runBookingsCheckIn(ctx context.Context, args []string, out io.Writer) error {
	fl := newFlags("bookings check-in")
	hf := addHubFlags(fl)
	priority := fl.String("priority", "", "priority kind of the citizen, e.g. elderly")
	pos, err := parseInterleaved(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("bookings check-in: one CODE: %w", errUsage)
	}
	c, _, err := hf.client()
	if err != nil {
		return fmt.Errorf("bookings check-in: %w", err)
	}
	ci, err := c.CheckIn(ctx, pos[0], *priority)
	if err != nil {
		return fmt.Errorf("bookings check-in: %w", err)
	}
	fmt.Fprintln(out, ci.Message)
	fmt.Fprintln(out, ci.MessageEN)
	if ci.Ticket != nil {
		fmt.Fprintf(out, "Số thứ tự / Ticket: %s\n", ci.Ticket.Ticket.Number)
	}
	return nil
}
