// Package admin is the kiosk's hidden administration menu. It opens with a
// touch-only gesture (five taps in the top-left corner within three
// seconds) and the admin PIN on an on-screen keypad; five wrong PINs lock
// it for a time that doubles with each lock (1, 2, 4 … 60 minutes), kept in
// the store so a restart does not reset it. PINs are stored hashed.
//
// Every setting is edited with on-screen keys (the Telex keyboard for
// names), validated on save with a Vietnamese sentence beside the bad
// field, applied at once and kept: the office's queue setup through the
// hub (SetConfig), this machine's settings in kiosk/settings, the
// booking and home-visit rules in the store (RulesStore), where the hub
// reads them and the syncer puts the booking rules on the central server.
package admin
