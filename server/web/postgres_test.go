//go:build integration

package web_test

import (
	"context"
	"os"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func openPostgres(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), pgtest.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestServer_Postgres runs the whole web suite on a real PostgreSQL.
func TestServer_Postgres(t *testing.T) { runSuite(t, openPostgres) }

func BenchmarkReportPage_Postgres(b *testing.B) {
	pgtest.Require(b)
	c, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Stop()
	benchReport(b, func(tb testing.TB) *db.DB {
		dsn, err := c.CreateDB(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { d.Close() })
		return d
	})
}
