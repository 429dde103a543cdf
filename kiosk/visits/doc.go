// Package visits is the office's home visits (giải quyết thủ tục hành
// chính tận nhà): an officer records a request from the desk for a
// citizen who cannot come (elderly, disabled, ill), a rule puts it on the
// office's visit day — the Nth weekday of each month (Long Mỹ: the third
// Thursday), moved past holidays to the next working day, each day with a
// cap — or on the earliest working day from tomorrow when it is urgent,
// and the day's run list is printed on the ticket printer with one
// tear-off slip per stop.
//
// Each scheduled visit holds a ticket reference of its own (a number
// "TN-001", a ticket ID and an unguessable ref), so the QR on its slip
// opens the central server's ticket page and the citizen rates the visit
// like any served ticket. The ticket reaches the server as the normal
// queue events (ticket.issued, ticket.done) through the store's outbox
// when the visit is done; it never enters the queue engine (it is no one's
// place in the lobby's line, counts against no daily cap, and a waiting
// visit ticket must not show a position on the server's page).
//
// Like kiosk/queue and kiosk/bookings it is plain Go with an injected
// clock and no I/O: visits live behind the small Store interface
// (kiosk/store implements it in SQLite, MemStore here in memory), and
// every date and time a person reads is in the office's zone
// (queue.Config.Location).
//
// Privacy: a visit keeps the citizen's name, phone, address and note only
// while it is open. Done or cancelled erases them in the same write that
// closes it; the procedure, area, reason and day stay for the office's
// reports, and no rating can be joined to the person (Decree 61/2018
// Art. 27.3).
package visits
