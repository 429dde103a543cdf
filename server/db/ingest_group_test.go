package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
)

// TestDB_IngestBatchGroupCommit sends overlapping batches of two devices
// from many goroutines at once, so that SQLite's group commit stores
// several in one transaction, and a batch the database refuses (a rating
// of 9 stars, which Validate would have stopped) among them: the refused
// batch fails alone, and the others' results add up to exactly-once.
func TestDB_IngestBatchGroupCommit(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	devs := []db.Device{enrolled(t, d, "Xã G1", "hub-g1"), enrolled(t, d, "Xã G2", "hub-g2")}
	all := map[string][]db.Event{}
	for _, dev := range devs {
		for i := range 60 {
			all[dev.ID] = append(all[dev.ID], lifecycle(dev.ID, int64(len(all[dev.ID])+1),
				fmt.Sprintf("20261123-%s-%03d", dev.ID, i), "A", "cb01", 1, 1+i%5, day0.Add(time.Duration(i)*time.Minute))...)
		}
	}
	bad := lifecycle("hub-g1", 10001, "20261123-BAD", "A", "cb01", 1, 5, day0)
	bad[len(bad)-1].Rating.Stars = 9

	var (
		mu               sync.Mutex
		stored, sent     int
		wg               sync.WaitGroup
		badErr, otherErr error
	)
	for w := range 12 {
		dev := devs[w%2]
		evs := all[dev.ID]
		wg.Go(func() {
			for lo := -(w * 13) % 40; lo < len(evs); lo += 40 { // windows of 50 every 40, shifted per writer
				batch := evs[max(lo, 0):min(lo+50, len(evs))]
				res, err := d.IngestBatch(ctx, dev, batch)
				mu.Lock()
				if err != nil {
					otherErr = err
				}
				stored += res.Stored
				sent += len(batch)
				if res.Stored+res.Duplicates != len(batch) {
					t.Errorf("batch of %d: stored %d + duplicates %d", len(batch), res.Stored, res.Duplicates)
				}
				mu.Unlock()
			}
			if w == 5 {
				_, err := d.IngestBatch(ctx, devs[0], bad)
				mu.Lock()
				badErr = err
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if otherErr != nil {
		t.Errorf("a good batch failed: %v", otherErr)
	}
	if badErr == nil {
		t.Error("the batch with a 9-star rating was stored")
	}
	want := len(all["hub-g1"]) + len(all["hub-g2"])
	if got := stored; got != want {
		t.Errorf("batches stored %d new events in all, want %d (%d sent)", got, want, sent)
	}
	for _, dev := range devs {
		n, err := d.CountEvents(ctx, dev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := n, int64(len(all[dev.ID])); got != want {
			t.Errorf("%s: %d events stored, want %d", dev.ID, got, want)
		}
	}
	if _, err := d.TicketByRef(ctx, "ref-20261123-BAD"); err == nil {
		t.Error("the refused batch left its ticket behind")
	}
}
