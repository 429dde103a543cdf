package visits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Store keeps visits. kiosk/store implements it in the office's SQLite
// file; MemStore is the in-memory one for tests.
//
// Every write is one transaction: it happens whole or not at all, and is
// durable when it returns nil. A closed visit is stored without the
// citizen's name, phone, address and note (the caller has erased them;
// an implementation must not keep older copies of them either).
type Store interface {
	// Visit returns the visit id, or an error matching ErrNotFound.
	Visit(ctx context.Context, id string) (Visit, error)
	// VisitsBetween returns the visits whose day is from..to (office-local
	// dates, both included) and, when open is true, the requested ones
	// with no day yet; ordered by day, area, then creation.
	VisitsBetween(ctx context.Context, from, to string, open bool) ([]Visit, error)
	// Taken counts the visits of day that are not cancelled.
	Taken(ctx context.Context, day string) (int, error)
	// LastSeq is the highest ticket sequence given on day (0 for none):
	// a cancelled visit's number is never given again.
	LastSeq(ctx context.Context, day string) (int, error)
	// AddVisit inserts a new visit.
	AddVisit(ctx context.Context, v Visit) error
	// UpdateVisit replaces the stored visit v.ID (ErrNotFound when there
	// is none) and, in the same transaction, appends events to the
	// outbox for the central server. The events are not applied to the
	// office's own ticket table: a visit ticket is no place in the
	// lobby's queue.
	UpdateVisit(ctx context.Context, v Visit, events []queue.Event) error
}

// MemStore is a Store in memory, safe for concurrent use. Events given to
// UpdateVisit are kept in Events.
type MemStore struct {
	mu     sync.Mutex
	byID   map[string]Visit
	Events []queue.Event
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{byID: map[string]Visit{}} }

// Visit implements Store.
func (m *MemStore) Visit(_ context.Context, id string) (Visit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.byID[id]
	if !ok {
		return Visit{}, fmt.Errorf("visit %s: %w", id, ErrNotFound)
	}
	return v, nil
}

// VisitsBetween implements Store.
func (m *MemStore) VisitsBetween(_ context.Context, from, to string, open bool) ([]Visit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Visit
	for _, v := range m.byID {
		if v.Day != "" && v.Day >= from && v.Day <= to || open && v.Day == "" && v.Status == StatusRequested {
			out = append(out, v)
		}
	}
	SortRun(out)
	return out, nil
}

// SortRun orders visits as the run list goes: by day, by area (folded
// like a Vietnamese reader sorts), then in the order they were recorded.
func SortRun(vs []Visit) {
	slices.SortStableFunc(vs, func(a, b Visit) int {
		if c := strings.Compare(a.Day, b.Day); c != 0 {
			return c
		}
		if c := strings.Compare(strings.ToLower(a.Area), strings.ToLower(b.Area)); c != 0 {
			return c
		}
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// Taken implements Store.
func (m *MemStore) Taken(_ context.Context, day string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, v := range m.byID {
		if v.Day == day && v.Status != StatusCancelled {
			n++
		}
	}
	return n, nil
}

// LastSeq implements Store.
func (m *MemStore) LastSeq(_ context.Context, day string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, v := range m.byID {
		if v.Ticket != nil && strings.HasPrefix(v.Ticket.ID, strings.ReplaceAll(day, "-", "")+"-") {
			n = max(n, v.Ticket.Seq)
		}
	}
	return n, nil
}

// AddVisit implements Store.
func (m *MemStore) AddVisit(_ context.Context, v Visit) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byID[v.ID]; ok {
		return fmt.Errorf("visit %s already exists", v.ID)
	}
	m.byID[v.ID] = v
	return nil
}

// UpdateVisit implements Store.
func (m *MemStore) UpdateVisit(_ context.Context, v Visit, events []queue.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byID[v.ID]; !ok {
		return fmt.Errorf("visit %s: %w", v.ID, ErrNotFound)
	}
	m.byID[v.ID] = v
	m.Events = append(m.Events, events...)
	return nil
}
