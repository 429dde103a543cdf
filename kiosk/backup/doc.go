// Package backup saves and restores a kiosk's data directory while the
// kiosk runs, keeps an upgrade from ever running without a copy of the old
// data, and writes the diagnostic bundle a technician asks for.
//
// A backup is a folder motcua-backup-YYYYMMDD-HHMMSS holding office.db (a
// consistent copy made by SQLite's VACUUM INTO while the hub keeps
// serving), the data directory's other small files, and manifest.json with
// checksums. It is built in a hidden temporary folder and renamed into place
// only once the copy has been verified, so a USB stick pulled out half way
// never holds a backup that looks complete.
//
// A restore never swaps files under a running store. StageRestore (safe
// while the kiosk runs) verifies the backup and prepares the new data
// directory beside the current one; ApplyPending, called at start-up before
// the store is opened (OpenStore does it), swaps them and keeps the
// previous directory as DIR.prev-YYYYMMDD-HHMMSS. The admin menu stages,
// then quits the kiosk; the supervisor starts it again on the restored data.
//
// Diag writes a zip (versions, settings without secrets, printer status,
// the last day's log) for a technician.
package backup
