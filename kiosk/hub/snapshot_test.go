package hub

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// snapshot is everything a request could change, as text: every row of
// every table of the office database (read with database/sql under the
// driver the store registers, so that no table is forgotten, the
// idempotency answers and pairing codes included), and what the hub keeps
// in memory only (the queue, the alerts, the configuration in force). Two
// equal snapshots mean nothing changed.
func snapshot(t testing.TB, f *fixture) string {
	t.Helper()
	db, err := sql.Open("sqlite", f.st.Path()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := column(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 8 {
		t.Fatalf("snapshot: only tables %v", tables)
	}
	var b strings.Builder
	for _, table := range tables {
		rows, err := allRows(db, table)
		if err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		fmt.Fprintf(&b, "%s: %d rows\n", table, len(rows))
		for _, r := range rows {
			fmt.Fprintf(&b, "  %s\n", r)
		}
	}
	st, err := f.hub.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var alerts []string
	for _, a := range f.hub.Alerts() {
		alerts = append(alerts, mustJSON(t, a))
	}
	slices.Sort(alerts)
	fmt.Fprintf(&b, "state: %s\nalerts: %v\nconfig: %s\n", mustJSON(t, st), alerts, mustJSON(t, f.hub.Config()))
	return b.String()
}

func column(db *sql.DB, query string) ([]string, error) {
	rows, err := db.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// allRows prints every row of table, sorted so that the order of storage
// does not matter.
func allRows(db *sql.DB, table string) ([]string, error) {
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprintf("%q", vals))
	}
	slices.Sort(out)
	return out, rows.Err()
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// diffLines names the lines of b that are not in a and back: enough to
// see what a request changed.
func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "+ "+l)
		}
	}
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}

// healthy tells whether the hub at base still answers /healthz.
func healthy(base string) bool {
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get(base + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
