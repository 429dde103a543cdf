package db_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
)

// testIngestAck: the acknowledged sequence is the highest one up to which
// every event of the device is stored, whatever order, duplication or
// gaps the batches come with; it never goes backwards.
func testIngestAck(t *testing.T, d *db.DB) {
	dev := enrolled(t, d, "Xã Ack", "hub-ack")
	var evs []db.Event
	for i := range 10 { // 10 tickets × 5 events: seqs 1..50
		evs = append(evs, lifecycle("hub-ack", int64(len(evs)+1), fmt.Sprintf("20261123-K%03d", i+1), "A", "cb01", 1, 4, day0.Add(time.Duration(i)*time.Minute))...)
	}
	if len(evs) != 50 {
		t.Fatalf("%d events, want 50", len(evs))
	}
	batch := func(lo, hi int) []db.Event { return slices.Clone(evs[lo-1 : hi]) } // seqs lo..hi
	reversed := batch(41, 50)
	slices.Reverse(reversed)
	steps := []struct {
		name string
		evs  []db.Event
		want db.Result
	}{
		{"first batch 1..10", batch(1, 10), db.Result{Stored: 10, UpTo: 10}},
		{"21..30 before 11..20: a gap", batch(21, 30), db.Result{Stored: 10, UpTo: 10}},
		{"21..30 again", batch(21, 30), db.Result{Duplicates: 10, UpTo: 10}},
		{"41..50 reversed inside the batch", reversed, db.Result{Stored: 10, UpTo: 10}},
		{"11..20 fills the gap, the run goes on to 30", batch(11, 20), db.Result{Stored: 10, UpTo: 30}},
		{"an old overlapping 6..15: never backwards", batch(6, 15), db.Result{Duplicates: 10, UpTo: 30}},
		{"one event of 31..40 with a gap before it", batch(35, 35), db.Result{Stored: 1, UpTo: 30}},
		{"31..40 fills the last gap", batch(31, 40), db.Result{Stored: 9, Duplicates: 1, UpTo: 50}},
		{"everything again", batch(1, 50), db.Result{Duplicates: 50, UpTo: 50}},
	}
	for _, s := range steps {
		if got := ingest(t, d, dev, s.evs); got != s.want {
			t.Errorf("%s: %+v, want %+v", s.name, got, s.want)
		}
	}
	devs, err := d.Devices(t.Context(), dev.Office)
	if err != nil || len(devs) != 1 || devs[0].LastSeq != 50 {
		t.Errorf("devices = %+v, %v; want last_seq 50", devs, err)
	}

	// A hub that synced to another server before starts after 1: its first
	// batch here sets where its run starts.
	moved := enrolled(t, d, "Xã Ack 2", "hub-moved")
	var later []db.Event
	for i := range 4 {
		later = append(later, lifecycle("hub-moved", int64(101+len(later)), fmt.Sprintf("20261123-M%03d", i+1), "A", "cb01", 1, 4, day0)...)
	}
	if got, want := ingest(t, d, moved, later[:10]), (db.Result{Stored: 10, UpTo: 110}); got != want {
		t.Errorf("moved hub's first batch 101..110 = %+v, want %+v", got, want)
	}
	if got, want := ingest(t, d, moved, later[15:]), (db.Result{Stored: 5, UpTo: 110}); got != want {
		t.Errorf("moved hub 116..120 = %+v, want %+v", got, want)
	}

	// Batches of one device stored at once by several writers (two server
	// processes on PostgreSQL), out of order: the end is the whole run.
	many := enrolled(t, d, "Xã Ack 3", "hub-many")
	var all []db.Event
	for i := range 60 {
		all = append(all, lifecycle("hub-many", int64(len(all)+1), fmt.Sprintf("20261123-N%03d", i+1), "A", "cb01", 1, 3, day0)...)
	}
	ingest(t, d, many, all[:5])
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for lo := 5 + w*5; lo < len(all); lo += 30 {
				if _, err := d.IngestBatch(t.Context(), many, all[lo:min(lo+5, len(all))]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if got, want := ingest(t, d, many, all[:1]), (db.Result{Duplicates: 1, UpTo: int64(len(all))}); got != want {
		t.Errorf("after the concurrent writers: %+v, want %+v", got, want)
	}
}
