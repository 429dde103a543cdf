// Package settings keeps the settings of one machine — what differs from
// kiosk to kiosk rather than office to office: its role, printer, scanner,
// hub and central server addresses, default language, ticket-screen time,
// voice volume. The office's queue setup lives in the hub's store instead.
//
// They are one JSON file in the data directory, replaced atomically (a
// temporary file, fsync, rename) so a power cut never leaves half a file.
// Every value is validated before it is kept; a bad value is a
// *queue.FieldError naming the field with a Vietnamese sentence, so the
// admin menu can put it beside the field.
package settings
