package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestStmt_NoConnectionFree: every connection of the pool is held (one by
// the asking transaction, the rest by others, as with 16 batches in
// flight on PostgreSQL) and the transaction asks for a statement the
// cache has not seen. It gets one on its own connection; the old cache
// prepared on the pool and waited for a connection that never came free.
func TestStmt_NoConnectionFree(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var held []*sql.Conn
	for d.sql.Stats().InUse < d.sql.Stats().MaxOpenConnections {
		c, err := d.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	// The deadline only ends a hang: the answer needs no other connection.
	hang, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for range 2 { // a miss, and a second ask while the cache may still fill
		st, err := d.stmt(hang, tx, "SELECT 1 + ?")
		if err != nil {
			t.Fatalf("a statement with every connection held: %v", err)
		}
		var n int
		if err := st.QueryRowContext(hang, 1).Scan(&n); err != nil || n != 2 {
			t.Fatalf("SELECT 1 + 1 = %d, %v", n, err)
		}
	}
	// Once connections are free again the cache fills and serves it.
	for _, c := range held {
		c.Close()
	}
	for cached := false; !cached; {
		if hang.Err() != nil {
			t.Fatal("the statement never reached the cache")
		}
		d.stmts.mu.Lock()
		_, cached = d.stmts.m["SELECT 1 + ?"]
		d.stmts.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
}
