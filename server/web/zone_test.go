package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/server/db"
)

// testOfficeZone: a ticket issued at 06:10 UTC, 13:10 on the office's
// clock in Hà Nội, is "13:10" on the phone page and in the 13 h bar of
// the hourly chart, whatever the server's own zone (the Makefile runs this
// package under TZ=UTC and TZ=Asia/Ho_Chi_Minh); an office kept in another
// zone (Asia/Tokyo, UTC+9) shows its own clock, 15:10.
func testOfficeZone(t *testing.T, open opener) {
	e := newEnv(t, open, envOptions{perDay: 5})
	ctx := context.Background()
	issued := time.Date(2026, 11, 23, 6, 10, 0, 0, time.UTC)
	for _, tc := range []struct {
		zone, clock, hour, wrongHour string
	}{
		{"", "13:10 23/11/2026", "13h", "20h"}, // a new office: Asia/Ho_Chi_Minh
		{"Asia/Tokyo", "15:10 23/11/2026", "15h", "22h"},
	} {
		t.Run("zone="+tc.zone, func(t *testing.T) {
			o, err := e.db.CreateOffice(ctx, "Văn phòng múi giờ "+tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := o.TimeZone, queue.DefaultTimeZone; got != want {
				t.Errorf("new office's time zone = %q, want %q", got, want)
			}
			if tc.zone != "" {
				if err := e.db.SetOfficeTimeZone(ctx, o.ID, tc.zone); err != nil {
					t.Fatal(err)
				}
			}
			ref := ingestOne(t, e, o.ID, issued)

			page := do(t, e.client(t), "GET", e.srv.URL+"/t/"+ref, nil)
			if want := "Theo lần đồng bộ gần nhất lúc " + tc.clock; !strings.Contains(page.body, want) {
				t.Errorf("phone page lacks %q:\n%s", want, find(t, asOfRE, page.body))
			}

			c, _ := e.signedIn(t)
			v := url.Values{"from": {"2026-11-23"}, "to": {"2026-11-23"}, "office": {o.ID}}
			rep := do(t, c, "GET", e.srv.URL+"/reports?"+v.Encode(), nil)
			if want := "<title>" + tc.hour + ": 1</title>"; !strings.Contains(rep.body, want) {
				t.Errorf("hourly chart lacks %q", want)
			}
			if bad := "<title>" + tc.wrongHour + ": 1</title>"; strings.Contains(rep.body, bad) {
				t.Errorf("hourly chart has %q: the office's offset was added twice", bad)
			}
		})
	}
	if err := e.db.SetOfficeTimeZone(ctx, e.demo.Offices[0].ID, "Asia/Nowhere"); err == nil {
		t.Error("an unknown time zone was kept")
	}
}

var asOfRE = regexp.MustCompile(`(Theo lần đồng bộ[^<]*)`)

// ingestOne stores, through a hub enrolled for office, one ticket issued
// at issued and still waiting; the server's clock stands at issued. It
// returns the ticket's public reference.
func ingestOne(t *testing.T, e *env, office string, issued time.Time) string {
	t.Helper()
	ctx := context.Background()
	code, err := e.db.CreateEnrollCode(ctx, office, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dev, _, err := e.db.Enroll(ctx, code, "hub-"+office, "hub")
	if err != nil {
		t.Fatal(err)
	}
	ref := "zone" + strings.TrimPrefix(office, "of-") + "ref"
	tk := queue.Ticket{ID: "20261123-A001", Day: "2026-11-23", Prefix: "A", Seq: 1, Number: "A001", Service: "A", Origin: "A",
		Ref: ref, Status: queue.StatusWaiting, IssuedAt: issued, ArrivedAt: issued}
	ev := queue.Event{Kind: queue.EventIssued, At: issued, Ticket: &tk}
	body, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	old := e.clock.Now()
	e.clock.Add(issued.Sub(old))
	defer e.clock.Add(old.Sub(issued))
	if _, err := e.db.IngestBatch(ctx, dev, []db.Event{{ID: fmt.Sprintf("%s:1", dev.ID), Device: dev.ID, Seq: 1,
		Kind: string(ev.Kind), At: issued, Body: body, Ticket: &tk}}); err != nil {
		t.Fatal(err)
	}
	return ref
}
