package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// BenchmarkBareInsertCommit is the floor: one INSERT and one durable
// COMMIT per row on the same file settings, no engine, no JSON.
func BenchmarkBareInsertCommit(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "bare.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.Exec("CREATE TABLE bare(id INTEGER PRIMARY KEY, body TEXT)"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx, err := s.db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO bare(body) VALUES(?)", `{"number":"A001","status":"waiting"}`); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkEngineCommit issues one ticket through the engine and commits
// it (ticket row + outbox row, synchronous=FULL) before the next: the
// sequential, one-commit-per-ticket path.
func BenchmarkEngineCommit(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "office.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cfg := queue.DefaultConfig()
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].DailyCap = nil, 0
		cfg.Services[i].Days = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	}
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	e, err := queue.New(cfg, func() time.Time { return now })
	if err != nil {
		b.Fatal(err)
	}
	codes := []string{"A", "B", "C", "D"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, evs, err := e.Issue(codes[i%4], "")
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(context.Background(), evs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}
