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
