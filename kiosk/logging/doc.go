// Package logging writes the kiosk's structured logs (log/slog, JSON lines)
// to files rotated by size, keeps a bounded number of old files, and
// redacts secrets before anything reaches a file or the console.
//
// A kiosk runs for months with nobody watching its disk, and its logs end
// up on a USB stick handed to a technician: so a file never grows past
// Options.MaxSize, at most Options.MaxFiles old files are kept, and
// attributes whose key names a secret (pin, token, password, secret,
// credential, authorization, cookie, api key) or whose value looks like a
// bearer token never reach the output: they read "[REDACTED]". Redaction is
// a slog.Handler wrapper (NewRedactor), so it also guards a console handler.
//
// The admin menu exports the last day of logs with Export.
package logging
