// Package dossiers answers the citizen's question at the kiosk: "where is
// my dossier?". It reads the code on the "Giấy tiếp nhận hồ sơ và hẹn trả
// kết quả" (Parse), asks the province's one-stop system through one
// small interface (Source), and keeps the last answer per dossier so that
// an offline kiosk can still show it, marked as not live (Cached).
//
// It is plain Go: no Fyne, no SQL driver, no serial port. The screens
// (kiosk/ui) and the central server's own Source build on it.
package dossiers
