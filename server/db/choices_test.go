package db_test

import (
	"context"
	"slices"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
)

// testFilterChoices: the report form's officers and services, read from
// the month rows of whole months and the day rows of the ragged ends,
// equal the day rows' answer (and the expected one) for ragged ranges,
// whole months, one office, and rows whose tickets moved away.
func testFilterChoices(t *testing.T, d *db.DB) {
	ctx := context.Background()
	a := enrolled(t, d, "Xã A", "hub-a").Office
	b := enrolled(t, d, "Xã B", "hub-b").Office
	row := func(office, day, service, officer string, tickets int64) db.RollupRow {
		return db.RollupRow{Office: office, Day: day, Service: service, Officer: officer, Tickets: tickets, Called: tickets}
	}
	rows := []db.RollupRow{
		row(a, "2026-10-30", "S1", "cbA", 2),
		row(a, "2026-11-05", "S2", "cbB", 1),
		row(b, "2026-11-06", "S5", "cbF", 1),
		row(a, "2026-11-10", "S6", "cbE", 0), // its ticket moved to another row
		row(a, "2026-11-28", "S3", "cbC", 3),
		row(a, "2026-11-28", "S3", "", 1), // not called yet: no officer
		row(a, "2026-12-02", "S4", "cbD", 1),
	}
	if err := d.PutRollups(ctx, rows, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name               string
		f                  db.Filter
		officers, services []string
	}{
		{"whole month", db.Filter{From: "2026-11-01", To: "2026-11-30"}, []string{"cbB", "cbC", "cbF"}, []string{"S2", "S3", "S5"}},
		{"ragged start", db.Filter{From: "2026-10-31", To: "2026-11-30"}, []string{"cbB", "cbC", "cbF"}, []string{"S2", "S3", "S5"}},
		{"ragged both", db.Filter{From: "2026-10-30", To: "2026-12-01"}, []string{"cbA", "cbB", "cbC", "cbF"}, []string{"S1", "S2", "S3", "S5"}},
		{"ragged inside one month", db.Filter{From: "2026-11-06", To: "2026-11-29"}, []string{"cbC", "cbF"}, []string{"S3", "S5"}},
		{"three months", db.Filter{From: "2026-10-01", To: "2026-12-31"}, []string{"cbA", "cbB", "cbC", "cbD", "cbF"}, []string{"S1", "S2", "S3", "S4", "S5"}},
		{"one office", db.Filter{From: "2026-10-01", To: "2026-12-31", Offices: []string{b}}, []string{"cbF"}, []string{"S5"}},
		{"office field", db.Filter{From: "2026-11-01", To: "2026-12-02", Office: a}, []string{"cbB", "cbC", "cbD"}, []string{"S2", "S3", "S4"}},
		{"officer and service ignored", db.Filter{From: "2026-11-01", To: "2026-11-30", Officer: "cbB", Service: "S2"}, []string{"cbB", "cbC", "cbF"}, []string{"S2", "S3", "S5"}},
		{"empty", db.Filter{From: "2026-11-11", To: "2026-11-27"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.FilterChoices(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			days, err := d.FilterChoiceDays(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Officers, days.Officers) || !slices.Equal(got.Services, days.Services) {
				t.Errorf("from month and day rows %v, from day rows alone %v", got, days)
			}
			if !slices.Equal(got.Officers, tc.officers) || !slices.Equal(got.Services, tc.services) {
				t.Errorf("= officers %v services %v, want %v %v", got.Officers, got.Services, tc.officers, tc.services)
			}
		})
	}
}
