// Package hub is the office hub: it owns the queue engine and the store,
// serialises every operation, commits each one durably before answering,
// and publishes what changed to live subscribers (Server-Sent Events).
//
// The same operations are offered three ways: as Go methods on *Hub (the
// dispenser kiosk embeds the hub and calls them in process), as a JSON API
// over HTTP on the office LAN (Handler, described in docs/openapi-hub.yaml),
// and through Client, the Go client that desks, displays and rating
// tablets use. All three satisfy API, so screens are written once.
//
// Operations are committed in groups: while one transaction is being
// synced to disk, the operations that arrive queue behind it and are
// committed together in the next one; each caller still gets its answer
// only after its own change is on disk.
package hub
