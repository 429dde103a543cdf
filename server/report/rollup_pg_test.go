//go:build integration

package report_test

import (
	"context"
	"os"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func openPostgres(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), pgtest.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestFromRollups_Postgres(t *testing.T) { testFromRollups(t, openPostgres(t)) }

func TestPutRollups_Months_Postgres(t *testing.T) { testPutRollupsMonths(t, openPostgres(t)) }

func BenchmarkRollupReport_Postgres(b *testing.B) { benchRollups(b, openPostgres(b)) }

func BenchmarkRollupNational_Postgres(b *testing.B) { benchNation(b, openPostgres(b)) }
