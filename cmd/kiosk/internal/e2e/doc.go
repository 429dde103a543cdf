// Package e2e holds the kiosk's end-to-end tests that span the central
// server, the office hub and the real kiosk binary (behind the
// integration build tag). They live apart from cmd/kiosk so that they run
// in parallel with its own long tests instead of after them.
package e2e
