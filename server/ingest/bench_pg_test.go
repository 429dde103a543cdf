//go:build integration

package ingest_test

import (
	"context"
	"testing"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/pgtest"
)

// BenchmarkIngest_Postgres runs on a durable (fsync on) throwaway cluster.
func BenchmarkIngest_Postgres(b *testing.B) {
	pgtest.Require(b)
	c, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Stop()
	open := func(b *testing.B) *db.DB {
		dsn, err := c.CreateDB(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		d, err := db.Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		return d
	}
	b.Run("http", func(b *testing.B) { benchHTTP(b, open(b)) })
	b.Run("http_offices", func(b *testing.B) { benchHTTPOffices(b, open(b)) })
	b.Run("bare", func(b *testing.B) { benchBare(b, open(b)) })
}
