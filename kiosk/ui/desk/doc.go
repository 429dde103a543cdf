// Package desk is the officer's desk screen (role "desk"): sign in with
// officer ID and PIN, call the next citizen with one large button or F2,
// recall, start, complete, mark a no-show, transfer to another service or
// counter, pause; see the waiting count of the counter's services, the
// current ticket with its running time, today's own totals and ratings,
// and no-shows who may still come back; book an appointment for a citizen
// who phoned ("Đặt lịch", bookings.go) and record home visits ("Tận nhà",
// visits.go), both through the hub, printing on the desk's own ticket
// printer when it has one. It runs in a normal window beside
// the officer's other software and follows the hub's live events, saying
// plainly when the hub is unreachable and reconnecting by itself.
package desk
