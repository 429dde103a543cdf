//go:build integration

package bookings_test

import (
	"os"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/bookings"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestService_Postgres(t *testing.T) {
	runSuite(t, func(t *testing.T) *db.DB {
		d, err := db.Open(ctx, pgtest.DB(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}

// Two server processes (two pools on one PostgreSQL database) book the
// same 2-place slot for 12 citizens at once: the office's row lock gives
// exactly 2 places.
func TestService_PostgresTwoProcesses(t *testing.T) {
	dsn := pgtest.DB(t)
	var services []*bookings.Service
	var f *fixture
	for i := range 2 {
		d, err := db.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if i == 0 {
			f = newFixture(t, d, 2)
		}
		services = append(services, bookings.New(d, bookings.Options{Now: func() time.Time { return now }}))
	}
	bookConcurrently(t, f, services, 12)
}
