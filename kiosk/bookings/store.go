package bookings

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
)

// Store keeps bookings. kiosk/store implements it in the office's SQLite
// file; MemStore is the in-memory one for tests and the simulation.
//
// Every write is one transaction: it happens whole or not at all, and is
// durable when it returns nil.
type Store interface {
	// Booking returns the booking with code, or an error matching
	// ErrNotFound.
	Booking(ctx context.Context, code string) (Booking, error)
	// BookingsOn returns every booking of the office-local date day, in
	// slot order then code.
	BookingsOn(ctx context.Context, day string) ([]Booking, error)
	// OpenBookings returns the open bookings whose slot started before t,
	// oldest first (those the release looks at).
	OpenBookings(ctx context.Context, before time.Time) ([]Booking, error)
	// AddBooking inserts a new booking; an error matching ErrDuplicate
	// when its code is taken.
	AddBooking(ctx context.Context, b Booking) error
	// UpdateBooking replaces the stored booking b.Code (ErrNotFound when
	// there is none) and, in the same transaction, commits events, the
	// queue events of the ticket a check-in gave, like store.Commit: a
	// crash never leaves a ticket without its booking marked used, nor a
	// booking used without its ticket.
	UpdateBooking(ctx context.Context, b Booking, events []queue.Event) error
}

// MemStore is a Store in memory, safe for concurrent use. Events given to
// UpdateBooking are kept in Events.
type MemStore struct {
	mu     sync.Mutex
	byCode map[string]Booking
	Events []queue.Event
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{byCode: map[string]Booking{}} }

// Booking implements Store.
func (m *MemStore) Booking(_ context.Context, code string) (Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.byCode[code]
	if !ok {
		return Booking{}, fmt.Errorf("booking %s: %w", code, ErrNotFound)
	}
	return b, nil
}

// BookingsOn implements Store.
func (m *MemStore) BookingsOn(_ context.Context, day string) ([]Booking, error) {
	return m.filter(func(b Booking) bool { return b.Day == day }), nil
}

// OpenBookings implements Store.
func (m *MemStore) OpenBookings(_ context.Context, before time.Time) ([]Booking, error) {
	return m.filter(func(b Booking) bool { return b.Open() && b.Start.Before(before) }), nil
}

func (m *MemStore) filter(keep func(Booking) bool) []Booking {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Booking
	for _, b := range m.byCode {
		if keep(b) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Booking) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return compareStrings(a.Code, b.Code)
	})
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddBooking implements Store.
func (m *MemStore) AddBooking(_ context.Context, b Booking) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byCode[b.Code]; ok {
		return fmt.Errorf("booking %s: %w", b.Code, ErrDuplicate)
	}
	m.byCode[b.Code] = b
	return nil
}

// UpdateBooking implements Store.
func (m *MemStore) UpdateBooking(_ context.Context, b Booking, events []queue.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byCode[b.Code]; !ok {
		return fmt.Errorf("booking %s: %w", b.Code, ErrNotFound)
	}
	m.byCode[b.Code] = b
	m.Events = append(m.Events, events...)
	return nil
}
