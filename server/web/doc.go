// Package web is the central server's web side: the supervisors' report
// pages (sign-in, filters, inline SVG charts, CSV downloads) and the
// public ticket page behind the QR code printed on each queue ticket,
// where a citizen sees the ticket's status as of the last sync and, once
// served, rates the service from a phone; and the citizen's phone
// booking page (booking.go, issue 14): office, service, day, slot, phone
// number, then the booking's page /b/{code} that its QR holds, and the
// cancel form, over server/bookings, with a per-address rate limit
// (booking_limit.go).
//
// Pages are html/template, Vietnamese first with an English toggle, with
// no script and nothing loaded from elsewhere (the Content-Security-Policy
// says so). The numbers come from server/report; storage is server/db.
//
// # Security
//
// Supervisors sign in with a password kept as a PBKDF2-SHA256 hash. A
// session is a random id in an HttpOnly, SameSite=Lax cookie (Secure over
// TLS); the database keeps only its SHA-256, with a synchronizer CSRF
// token that every POST of a signed-in page must carry. Repeated failed
// sign-ins lock the account for a while (counted in the database, so
// every server process sees them). Forms shown before there is a session
// (the sign-in form and the public rating form) carry an HMAC token bound
// to a random cookie and, for the rating form, to the ticket: a
// double-submit token whose key is shared by all server processes
// through the database.
//
// A rating from the public page stores no identity (Decree 61/2018 Art.
// 27.3) and only the first rating of a ticket counts, whether it came
// from the counter, the kiosk or the web.
package web
