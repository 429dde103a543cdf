package visits

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Office records and closes one office's visits. Its methods are safe for
// concurrent use: writes are serialised, so that a day's cap and its
// ticket numbers hold under concurrent desks.
type Office struct {
	Store  Store
	Config func() queue.Config   // the queue configuration in force
	Rules  func() (Rules, error) // the visit rules in force
	Now    func() time.Time      // nil: time.Now
	Rand   io.Reader             // nil: crypto/rand
	mu     sync.Mutex
}

func (o *Office) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o *Office) rand() io.Reader {
	if o.Rand == nil {
		return rand.Reader
	}
	return o.Rand
}

// Record validates r, stores it and schedules it under the rules: the
// answer is Scheduled with its day and ticket, or Requested when no day
// has room (ErrNoDay is not an error here; the desk says so). A request
// that fails validation is a *queue.FieldError and nothing is stored.
func (o *Office) Record(ctx context.Context, r Request) (Visit, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	cfg := o.Config()
	r = r.Normalize()
	if err := r.Validate(cfg); err != nil {
		return Visit{}, err
	}
	rules, err := o.Rules()
	if err != nil {
		return Visit{}, fmt.Errorf("record visit: rules: %w", err)
	}
	now := o.now()
	v, err := New(r, now, o.rand())
	if err != nil {
		return Visit{}, err
	}
	if err := o.schedule(ctx, &v, rules, cfg, now); err != nil && !errors.Is(err, ErrNoDay) {
		return Visit{}, err
	}
	if err := o.Store.AddVisit(ctx, v); err != nil {
		return Visit{}, fmt.Errorf("record visit: %w", err)
	}
	return v, nil
}

func (o *Office) schedule(ctx context.Context, v *Visit, rules Rules, cfg queue.Config, now time.Time) error {
	day, err := rules.Schedule(cfg, now, v.Urgent, func(day string) (int, error) { return o.Store.Taken(ctx, day) })
	if err != nil {
		return err
	}
	seq, err := o.Store.LastSeq(ctx, day)
	if err != nil {
		return fmt.Errorf("schedule visit: %w", err)
	}
	return v.Schedule(day, seq+1, now, o.rand())
}

// Schedule tries again to put a Requested visit on a day (after the rules
// or the cap changed); ErrNoDay when there is still none.
func (o *Office) Schedule(ctx context.Context, id string) (Visit, error) {
	return o.update(ctx, id, func(v *Visit, now time.Time) ([]queue.Event, error) {
		if v.Status != StatusRequested {
			return nil, fmt.Errorf("schedule visit %s: %w", v.ID, ErrClosed)
		}
		rules, err := o.Rules()
		if err != nil {
			return nil, err
		}
		return nil, o.schedule(ctx, v, rules, o.Config(), now)
	})
}

// Done marks visit id served by officer: its address, phone, name and note
// are erased and its ticket's events go to the outbox in the same write.
func (o *Office) Done(ctx context.Context, id, officer string) (Visit, error) {
	return o.update(ctx, id, func(v *Visit, now time.Time) ([]queue.Event, error) {
		cfg := o.Config()
		loc := cfg.Location()
		return v.Done(officer, now, now.In(loc).Format(time.DateOnly))
	})
}

// Cancel ends visit id, erasing the citizen's details; its place and its
// ticket number are not given to anyone else.
func (o *Office) Cancel(ctx context.Context, id string) (Visit, error) {
	return o.update(ctx, id, func(v *Visit, now time.Time) ([]queue.Event, error) {
		return nil, v.Cancel(now)
	})
}

func (o *Office) update(ctx context.Context, id string, change func(*Visit, time.Time) ([]queue.Event, error)) (Visit, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	v, err := o.Store.Visit(ctx, id)
	if err != nil {
		return Visit{}, err
	}
	evs, err := change(&v, o.now())
	if err != nil {
		return Visit{}, err
	}
	if err := o.Store.UpdateVisit(ctx, v, evs); err != nil {
		return Visit{}, fmt.Errorf("update visit %s: %w", id, err)
	}
	return v, nil
}

// Message is the staff sentence in lang for an error of this package, or
// "" for another error.
func Message(err error, lang string) string {
	for _, m := range []struct {
		err    error
		vi, en string
	}{
		{ErrNotFound, "Không tìm thấy lượt tận nhà này", "No such home visit"},
		{ErrClosed, "Lượt tận nhà này đã xong hoặc đã hủy", "This home visit is already done or cancelled"},
		{ErrNotDue, "Lượt tận nhà này chưa được xếp ngày", "This home visit has no day yet"},
		{ErrNoDay, "Không còn ngày đi tận nhà nào còn chỗ trong thời gian tới", "No visit day has room in the coming months"},
	} {
		if errors.Is(err, m.err) {
			if lang == "en" {
				return m.en
			}
			return m.vi
		}
	}
	return ""
}
