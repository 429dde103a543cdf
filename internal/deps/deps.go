//go:build deps

// Package deps pins the project's chosen dependencies in go.mod while the
// packages that import them are being written, so that parallel work never
// needs `go mod tidy`. It is never built (the deps tag is never set).
package deps

import (
	_ "fyne.io/fyne/v2/app"
	_ "github.com/ebitengine/oto/v3"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/skip2/go-qrcode"
	_ "go.bug.st/serial"
	_ "go.bug.st/serial/enumerator"
	_ "golang.org/x/image/font/sfnt"
	_ "golang.org/x/text/unicode/norm"
	_ "modernc.org/sqlite"
)
